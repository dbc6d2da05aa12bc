import { catalog } from '@causeway/connectors';
import { verifiedParams } from './verified-params';

const salesforce = catalog.provider('salesforce')!;

describe('connection parameters from a token answer', () => {
  it("keeps a Salesforce instance_url on one of Salesforce's hosts", () => {
    expect(verifiedParams(salesforce, { instanceUrl: 'https://acme.my.salesforce.com' }, [])).toEqual({ instanceUrl: 'https://acme.my.salesforce.com' });
  });

  it('refuses an instance on a foreign host, over plain http, or dressed up as a Salesforce subdomain', () => {
    expect(() => verifiedParams(salesforce, { instanceUrl: 'https://attacker.example' }, [])).toThrow(/attacker\.example/);
    expect(() => verifiedParams(salesforce, { instanceUrl: 'http://acme.my.salesforce.com' }, [])).toThrow(/instanceUrl/);
    expect(() => verifiedParams(salesforce, { instanceUrl: 'https://my.salesforce.com.attacker.example' }, [])).toThrow(/attacker/);
  });

  it('accepts the host of an override the operator allowed (a simulator answering with its own address)', () => {
    expect(verifiedParams(salesforce, { instanceUrl: 'http://127.0.0.1:5123' }, ['http://127.0.0.1:5123/services/oauth2/token'])).toEqual({
      instanceUrl: 'http://127.0.0.1:5123',
    });
  });

  it('leaves parameters that are not URLs alone (a Jira cloudId)', () => {
    expect(verifiedParams(catalog.provider('jira')!, { cloudId: '11223344-a1b2' }, [])).toEqual({ cloudId: '11223344-a1b2' });
  });
});
