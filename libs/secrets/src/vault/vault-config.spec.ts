import { ConfigError } from '@causeway/config';
import { DEFAULT_K8S_TOKEN_PATH, describeVaultConfig, loadVaultConfig } from './vault-config';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadVaultConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('Vault configuration', () => {
  it('takes a static token, with KV mount "secret" by default', () => {
    expect(loadVaultConfig({ VAULT_ADDR: 'https://vault.internal:8200/', VAULT_TOKEN: 'hvs.abc' })).toEqual({
      address: 'https://vault.internal:8200',
      kvMount: 'secret',
      auth: { method: 'token', token: 'hvs.abc' },
    });
  });

  it('takes AppRole credentials, a namespace, a KV mount and a CA file', () => {
    expect(
      loadVaultConfig({
        VAULT_ADDR: 'https://vault.internal:8200',
        VAULT_ROLE_ID: 'role',
        VAULT_SECRET_ID: 'secret-id',
        VAULT_KV_MOUNT: '/kv/causeway/',
        VAULT_NAMESPACE: 'platform',
        VAULT_CACERT: '/etc/vault/ca.pem',
      }),
    ).toEqual({
      address: 'https://vault.internal:8200',
      kvMount: 'kv/causeway',
      namespace: 'platform',
      caCertPath: '/etc/vault/ca.pem',
      auth: { method: 'approle', roleId: 'role', secretId: 'secret-id', mount: 'approle' },
    });
  });

  it('takes a Kubernetes role, reading the service-account token from the standard path by default', () => {
    expect(loadVaultConfig({ VAULT_ADDR: 'http://127.0.0.1:8200', VAULT_K8S_ROLE: 'causeway' }).auth).toEqual({
      method: 'kubernetes',
      role: 'causeway',
      jwtPath: DEFAULT_K8S_TOKEN_PATH,
      mount: 'kubernetes',
    });
  });

  it('refuses a configuration with no way to authenticate', () => {
    expect(configError({ VAULT_ADDR: 'http://127.0.0.1:8200' }).message).toContain('VAULT_TOKEN: VAULT_ADDR is set but no way to authenticate');
  });

  it('refuses two ways to authenticate at once', () => {
    expect(configError({ VAULT_ADDR: 'http://x:1', VAULT_TOKEN: 't', VAULT_K8S_ROLE: 'r' }).message).toContain(
      'choose one way to authenticate, not VAULT_TOKEN and VAULT_K8S_ROLE',
    );
  });

  it('names the missing half of an AppRole pair without echoing the half that was given', () => {
    const error = configError({ VAULT_ADDR: 'http://x:1', VAULT_SECRET_ID: 'very-secret-id' });
    expect(error.message).toContain('VAULT_ROLE_ID: is required with VAULT_SECRET_ID');
    expect(error.message).not.toContain('very-secret-id');
  });

  it('refuses an address that is not an http(s) URL', () => {
    expect(configError({ VAULT_ADDR: 'vault.internal:8200', VAULT_TOKEN: 't' }).message).toContain('VAULT_ADDR: expected an http(s):// URL');
  });

  it('describes itself for logs without any credential', () => {
    const described = JSON.stringify(describeVaultConfig(loadVaultConfig({ VAULT_ADDR: 'http://x:1', VAULT_ROLE_ID: 'rid-123', VAULT_SECRET_ID: 'sid-456' })));
    expect(described).not.toContain('rid-123');
    expect(described).not.toContain('sid-456');
    expect(described).toContain('approle');
  });
});
