import { AllowList } from './allow-list';
import { EgressRefusedError } from './errors';
import { checkTarget, judgeAddresses, parseTarget, type EgressPolicy } from './policy';
import { defaultEgressSettings, type EgressSettings } from './settings';

const salesforce: EgressPolicy = { declaredHosts: ['login.salesforce.com', '*.my.salesforce.com'], instanceHosts: ['acme.my.salesforce.com'] };

function refusal(run: () => unknown): EgressRefusedError {
  try {
    run();
  } catch (error) {
    if (error instanceof EgressRefusedError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const check = (url: string, policy: EgressPolicy, settings: Partial<EgressSettings> = {}) =>
  checkTarget(parseTarget(url), policy, { ...defaultEgressSettings, ...settings });

describe('parseTarget', () => {
  it.each([
    ['http://2130706433/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://127.0.0.1./', '127.0.0.1'],
    ['http://%31%32%37.0.0.1/', '127.0.0.1'],
    ['http://[::ffff:127.0.0.1]/', '[::ffff:7f00:1]'],
    ['https://API.Example.COM./x#frag', 'api.example.com'],
  ])('canonicalizes the numeric-host trick %s to %s before any check', (input, hostname) => {
    const url = parseTarget(input);
    expect(url.hostname).toBe(hostname);
    expect(url.hash).toBe('');
  });

  it.each([
    ['file:///etc/passwd', 'scheme'],
    ['gopher://127.0.0.1:6379/_INFO', 'scheme'],
    ['ftp://files.example.com/', 'scheme'],
    ['not a url', 'invalid_url'],
    ['/relative/path', 'invalid_url'],
    ['http://[fe80::1%25eth0]/', 'invalid_url'],
    ['https://api.example.com:0/', 'invalid_url'],
  ])('refuses %s (%s)', (input, reason) => {
    expect(refusal(() => parseTarget(input)).reason).toBe(reason);
  });

  it('refuses credentials in the URL without repeating them', () => {
    const error = refusal(() => parseTarget('https://admin:hunter2@api.example.com/?token=s3cret'));
    expect(error.reason).toBe('invalid_url');
    expect(error.message).not.toMatch(/hunter2|admin|s3cret/);
  });
});

describe('checkTarget', () => {
  it('accepts a declared host, a declared wildcard subdomain and a verified instance host', () => {
    expect(() => check('https://login.salesforce.com/services/oauth2/token', salesforce)).not.toThrow();
    expect(() => check('https://other.my.salesforce.com/services/data', salesforce)).not.toThrow();
    expect(() => check('https://ACME.my.salesforce.com./services/data', salesforce)).not.toThrow();
    expect(() => check('https://jira.corp.example/rest', { declaredHosts: [], instanceHosts: ['jira.corp.example'] })).not.toThrow();
  });

  it.each([
    'https://my.salesforce.com/',
    'https://my.salesforce.com.evil.example/',
    'https://evilmy.salesforce.com/',
    'https://example.com/',
    'https://127.0.0.1/',
  ])('refuses the undeclared host of %s', (url) => {
    expect(refusal(() => check(url, salesforce)).reason).toBe('host_not_declared');
  });

  it('never lets a wildcard match an IP literal', () => {
    expect(refusal(() => check('http://10.0.0.1/', { declaredHosts: ['*.0.0.1'] })).reason).toBe('host_not_declared');
  });

  it('refuses numeric and mapped forms of loopback even when the host is declared', () => {
    const policy = { declaredHosts: [], instanceHosts: ['127.0.0.1', '::ffff:7f00:1'] };
    for (const url of ['https://2130706433/', 'https://0x7f.1/', 'https://127.1/', 'https://[::ffff:127.0.0.1]/']) {
      const error = refusal(() => check(url, policy));
      expect(error).toMatchObject({ reason: 'private_address', category: 'loopback' });
    }
  });

  it('refuses cloud metadata by name, before any lookup', () => {
    const error = refusal(() => check('http://metadata.google.internal./computeMetadata/v1/', { declaredHosts: ['metadata.google.internal'] }));
    expect(error).toMatchObject({ reason: 'private_address', category: 'metadata', host: 'metadata.google.internal' });
  });

  it('refuses plain http outright when the operator says never', () => {
    const settings = { plainHttp: 'never' as const, allowPrivate: AllowList.parse('127.0.0.1') };
    expect(refusal(() => check('http://127.0.0.1:5100/', { declaredHosts: ['127.0.0.1'] }, settings)).reason).toBe('scheme');
  });
});

describe('judgeAddresses', () => {
  const settings = { ...defaultEgressSettings, allowPrivate: AllowList.parse('127.0.0.1/32') };
  const v4 = (...addresses: string[]) => addresses.map((address) => ({ address, family: 4 as const }));

  it('refuses a mixed answer when any address is private', () => {
    expect(refusal(() => judgeAddresses('api.example.com', v4('93.184.216.34', '10.0.0.5'), 443, 'https:', settings)).category).toBe('private');
  });

  it('allows plain http only when every address is an allowed private one', () => {
    expect(() => judgeAddresses('sim', v4('127.0.0.1'), 80, 'http:', settings)).not.toThrow();
    expect(refusal(() => judgeAddresses('api.example.com', v4('93.184.216.34'), 80, 'http:', settings)).reason).toBe('scheme');
    expect(() => judgeAddresses('api.example.com', v4('93.184.216.34'), 80, 'http:', { ...settings, plainHttp: 'always' })).not.toThrow();
  });
});
