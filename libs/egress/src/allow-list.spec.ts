import { classifyAddress } from './address';
import { AllowList } from './allow-list';

const target = (address: string, port = 443, hostname = 'api.example.com') => ({ hostname, address, port, category: classifyAddress(address) });

describe('AllowList', () => {
  it('is empty by default and admits nothing', () => {
    expect(AllowList.parse('').isEmpty).toBe(true);
    expect(AllowList.none.admits(target('127.0.0.1'))).toBe(false);
  });

  it('admits exactly the CIDRs it names', () => {
    const list = AllowList.parse('127.0.0.1/32, ::1/128,10.20.0.0/16');
    expect(list.admits(target('127.0.0.1'))).toBe(true);
    expect(list.admits(target('::1'))).toBe(true);
    expect(list.admits(target('10.20.3.4'))).toBe(true);
    expect(list.admits(target('127.0.0.2'))).toBe(false);
    expect(list.admits(target('10.21.0.1'))).toBe(false);
    expect(list.admits(target('192.168.1.1'))).toBe(false);
  });

  it('covers the IPv4-mapped IPv6 form of an IPv4 entry', () => {
    const list = AllowList.parse('127.0.0.1');
    expect(list.admits(target('::ffff:127.0.0.1'))).toBe(true);
    expect(list.admits(target('::ffff:127.0.0.2'))).toBe(false);
  });

  it('restricts an entry to its port when it names one', () => {
    const list = AllowList.parse('127.0.0.1:5100,[::1]:5200,[fd00::/8]:443,10.0.0.0/8:8443');
    expect(list.admits(target('127.0.0.1', 5100))).toBe(true);
    expect(list.admits(target('127.0.0.1', 5101))).toBe(false);
    expect(list.admits(target('::1', 5200))).toBe(true);
    expect(list.admits(target('::1', 5100))).toBe(false);
    expect(list.admits(target('fd12::1', 443))).toBe(true);
    expect(list.admits(target('10.1.2.3', 8443))).toBe(true);
    expect(list.admits(target('10.1.2.3', 443))).toBe(false);
  });

  it('admits a named host (or wildcard) whatever private address it resolves to, and no other host', () => {
    const list = AllowList.parse('jira.corp.example:8443,*.svc.cluster.local');
    expect(list.admits(target('10.1.2.3', 8443, 'jira.corp.example'))).toBe(true);
    expect(list.admits(target('10.1.2.3', 443, 'jira.corp.example'))).toBe(false);
    expect(list.admits(target('10.1.2.3', 443, 'wiki.corp.example'))).toBe(false);
    expect(list.admits(target('10.9.9.9', 80, 'api.ns.svc.cluster.local'))).toBe(true);
    expect(list.admits(target('10.9.9.9', 80, 'svc.cluster.local'))).toBe(false);
  });

  it('never exposes a metadata address through a broad CIDR or a hostname entry', () => {
    const broad = AllowList.parse('169.254.0.0/16,100.64.0.0/10,fd00::/8,*.example.com');
    expect(broad.admits(target('169.254.1.1'))).toBe(true);
    expect(broad.admits(target('169.254.169.254'))).toBe(false);
    expect(broad.admits(target('100.100.100.200'))).toBe(false);
    expect(broad.admits(target('fd00:ec2::254'))).toBe(false);
    expect(AllowList.parse('169.254.169.254/32').admits(target('169.254.169.254'))).toBe(true);
  });

  it('names metadata hosts only by exact host entries', () => {
    expect(AllowList.parse('metadata.google.internal').namesHost('metadata.google.internal.', 80)).toBe(true);
    expect(AllowList.parse('*.google.internal').namesHost('metadata.google.internal', 80)).toBe(false);
  });

  it.each([
    ['10.0.0.0/33', 'prefix length must be between 0 and 32'],
    ['::1/129', 'prefix length must be between 0 and 128'],
    ['127.0.0.1:0', 'port must be between 1 and 65535'],
    ['127.0.0.1:99999', 'port must be between 1 and 65535'],
    ['2130706433', 'dotted quads'],
    ['0x7f.1', 'dotted quads'],
    ['127.1', 'dotted quads'],
    ['999.0.0.1/8', 'is not an IP address'],
    ['[127.0.0.1]:80', 'brackets are for IPv6'],
    ['exa mple.com', 'not an address, CIDR or hostname'],
    ['http://127.0.0.1', 'not a URL'],
    ['example.com/24', '"example.com" is not an IP address'],
    ['1::2::3', 'not an IPv6 address'],
  ])('refuses %s with a message naming the entry', (entry, message) => {
    expect(() => AllowList.parse(`127.0.0.1/32,${entry}`)).toThrow(`entry "${entry}": `);
    expect(() => AllowList.parse(entry)).toThrow(message);
  });

  it('prints back what it parsed', () => {
    expect(AllowList.parse(' 127.0.0.1/32 , ::1/128 ').toString()).toBe('127.0.0.1/32,::1/128');
  });
});
