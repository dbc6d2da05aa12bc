import { InvalidSecretPathError } from './errors';
import { assertSecretPath, normalizeListPrefix, secretPath } from './secret-path';

function pathError(run: () => unknown): InvalidSecretPathError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidSecretPathError) return error;
    throw error;
  }
  throw new Error('expected an InvalidSecretPathError');
}

describe('secret paths', () => {
  it('accepts tenant-scoped paths of letters, digits, dots, dashes and underscores', () => {
    expect(assertSecretPath('tenants/acme-1/connections/conn_01HZX.v2')).toBe('tenants/acme-1/connections/conn_01HZX.v2');
  });

  it.each([
    ['tenants/../admin', '..', 'segment 2 is ".."'],
    ['tenants/./x', '.', 'segment 2 is "."'],
    ['tenants//x', '', 'segment 2 is empty'],
    ['/tenants/x', '', 'segment 1 is empty'],
    ['tenants/x/', '', 'segment 3 is empty'],
    ['tenants/a b', 'a b', 'segment 2 "a b" may only hold'],
    ['tenants/x?list=true', 'x?list=true', 'segment 2 "x?list=true"'],
    ['tenants/*', '*', 'segment 2 "*"'],
    ['tenants/.hidden', '.hidden', 'segment 2 ".hidden"'],
    ['tenants/é', 'é', 'segment 2 "é"'],
  ])('refuses %j, naming the bad segment', (path, segment, message) => {
    const error = pathError(() => assertSecretPath(path));
    expect(error.segment).toBe(segment);
    expect(error.message).toContain(message);
  });

  it('refuses an empty path', () => {
    expect(pathError(() => assertSecretPath('')).message).toContain('the path is empty');
  });

  it('refuses absurdly long paths and segments', () => {
    expect(pathError(() => assertSecretPath(`t/${'x'.repeat(200)}`)).message).toContain('longer than 128');
    expect(pathError(() => assertSecretPath(Array(200).fill('abc').join('/'))).message).toContain('longer than 512');
  });

  it('treats the empty prefix as the root and accepts a trailing slash on a prefix', () => {
    expect(normalizeListPrefix('')).toBe('');
    expect(normalizeListPrefix('tenants/acme/')).toBe('tenants/acme');
    expect(() => normalizeListPrefix('tenants//')).toThrow(InvalidSecretPathError);
  });

  describe('secretPath helpers', () => {
    it('place a connection and an OAuth app under their tenant', () => {
      expect(secretPath.connection('acme', 'conn-1')).toBe('tenants/acme/connections/conn-1');
      expect(secretPath.oauthApp('acme', 'slack')).toBe('tenants/acme/oauth-apps/slack');
      expect(secretPath.tenant('acme')).toBe('tenants/acme');
    });

    it('name the argument at fault', () => {
      expect(pathError(() => secretPath.connection('acme', '../other')).message).toContain('connectionId "../other" may only hold');
      expect(pathError(() => secretPath.connection('..', 'c')).message).toContain('tenantId is ".."');
      expect(pathError(() => secretPath.oauthApp('acme', 'a/b')).message).toContain('provider "a/b"');
      expect(pathError(() => secretPath.tenant('')).message).toContain('tenantId is empty');
    });
  });
});
