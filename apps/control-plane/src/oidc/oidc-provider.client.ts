import { Inject, Injectable } from '@nestjs/common';
import type { JWTVerifyGetKey } from 'jose';
import type { EgressGuard } from '@causeway/egress';
import { PROVIDER_EGRESS } from '../connections/tokens';
import { discoveryUrl, parseDiscovery, type ProviderMetadata } from './discovery';
import { verifyIdToken, type IdTokenExpectations, type VerifiedIdentity } from './id-token';
import { OidcError, OidcErrorCode } from './oidc.errors';
import { OIDC_SETTINGS, type OidcSettings } from './oidc.settings';
import { callProvider } from './provider-http';
import { providerKeys } from './provider-keys';
import { exchangeCode, type CodeExchange } from './token-exchange';

/** Distinct key sets kept at once; each tenant has at most one provider. */
const MAX_KEY_SETS = 500;

/**
 * Everything the control plane asks of an identity provider, every request through the
 * egress guard. Discovery is read on every sign-in (it is small, and endpoint changes apply at
 * once); key sets are cached per `jwks_uri` and re-read on an unknown `kid`, so key rotation
 * just works.
 */
@Injectable()
export class OidcProviderClient {
  private readonly keySets = new Map<string, JWTVerifyGetKey>();

  constructor(
    @Inject(OIDC_SETTINGS) private readonly settings: OidcSettings,
    @Inject(PROVIDER_EGRESS) private readonly egress: EgressGuard,
  ) {}

  async discover(issuer: string): Promise<ProviderMetadata> {
    const { status, json } = await callProvider(
      this.egress,
      'discovery document',
      discoveryUrl(issuer),
      { headers: { accept: 'application/json' } },
      this.settings.providerTimeoutMs,
    );
    if (status !== 200) throw new OidcError(OidcErrorCode.ProviderBadResponse, `identity provider's discovery document answered HTTP ${status}`);
    return parseDiscovery(issuer, json);
  }

  exchangeCode(exchange: CodeExchange): Promise<string> {
    return exchangeCode(this.egress, exchange, this.settings.providerTimeoutMs);
  }

  verifyIdToken(idToken: string, jwksUri: string, expected: IdTokenExpectations): Promise<VerifiedIdentity> {
    return verifyIdToken(idToken, this.keysAt(jwksUri), expected);
  }

  private keysAt(jwksUri: string): JWTVerifyGetKey {
    let keys = this.keySets.get(jwksUri);
    if (!keys) {
      if (this.keySets.size >= MAX_KEY_SETS) this.keySets.delete(this.keySets.keys().next().value!);
      keys = providerKeys({ fetchKeySet: () => this.readKeySet(jwksUri) });
      this.keySets.set(jwksUri, keys);
    }
    return keys;
  }

  private async readKeySet(jwksUri: string): Promise<unknown> {
    const { status, json } = await callProvider(
      this.egress,
      'signing keys (jwks_uri)',
      jwksUri,
      { headers: { accept: 'application/json' } },
      this.settings.providerTimeoutMs,
    );
    if (status !== 200) throw new OidcError(OidcErrorCode.ProviderBadResponse, `identity provider's signing keys (jwks_uri) answered HTTP ${status}`);
    return json;
  }
}
