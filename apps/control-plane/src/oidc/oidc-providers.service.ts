import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { scopesBeyondCreator } from '@causeway/authz';
import type { AuditActor } from '@causeway/contracts';
import type { SecretStore } from '@causeway/secrets';
import { DATA_SOURCE, OUTBOX_NUDGE, SECRET_STORE } from '../database/tokens';
import { recordChange } from '../events/record-change';
import { Role } from '../roles/role.entity';
import { clientSecretPath, clientSecretWrittenAt, replaceClientSecret } from './client-secret';
import { OidcProviderClient } from './oidc-provider.client';
import { OidcProvider } from './oidc-provider.entity';
import { parseOidcProviderInput, type OidcProviderChanges } from './oidc-provider.input';
import { OidcError, OidcErrorCode } from './oidc.errors';
import { SignInStateStore } from './sign-in-state.store';

export interface OidcProviderView {
  provider: OidcProvider;
  /** When the client secret in the store was last written; null when the store holds none. */
  clientSecretUpdatedAt: Date | null;
}

/** What the audit trail records of a configuration: everything but the secret. */
const summary = (p: OidcProvider) => ({
  issuer: p.issuer,
  clientId: p.clientId,
  allowedDomains: p.allowedDomains,
  defaultRole: p.defaultRole,
  enabled: p.enabled,
});

/** A tenant's OIDC sign-in configuration: one provider per tenant, its secret in the secret store. */
@Injectable()
export class OidcProvidersService {
  private readonly logger = new Logger('OidcProviders');

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(OUTBOX_NUDGE) private readonly nudgeOutbox: () => void,
    @Inject(SECRET_STORE) private readonly secrets: SecretStore,
    private readonly client: OidcProviderClient,
    private readonly states: SignInStateStore,
  ) {}

  find(tenantId: string): Promise<OidcProvider | null> {
    return this.dataSource.getRepository(OidcProvider).findOne({ where: { tenantId } });
  }

  async get(tenantId: string): Promise<OidcProviderView | null> {
    const provider = await this.find(tenantId);
    return provider ? { provider, clientSecretUpdatedAt: await clientSecretWrittenAt(this.secrets, provider.clientSecretPath) } : null;
  }

  /**
   * Creates or changes the tenant's provider. The issuer is checked by reading its discovery
   * document; the secret goes to the secret store first (check-and-set), then the row and its
   * audit event commit together. If the row does not commit, the previous secret is put back.
   */
  async configure(tenantId: string, actor: AuditActor, actorPermissions: string[], input: unknown): Promise<OidcProviderView> {
    const changes = parseOidcProviderInput(input);
    const existing = await this.find(tenantId);
    if (!existing) requireForFirstConfiguration(changes);
    const issuer = changes.issuer === undefined ? undefined : (await this.discoverForConfiguration(changes.issuer)).issuer;
    if (changes.defaultRole) await this.assertGrantableDefaultRole(tenantId, changes.defaultRole, actorPermissions);

    const id = existing?.id ?? randomUUID();
    const path = clientSecretPath(tenantId, id);
    const secretChange = changes.clientSecret === undefined ? null : await replaceClientSecret(this.secrets, path, changes.clientSecret);
    try {
      const provider = await this.dataSource.transaction(async (manager) => {
        const repo = manager.getRepository(OidcProvider);
        const current = await repo.findOne({ where: { tenantId }, lock: { mode: 'pessimistic_write' } });
        if ((current?.id ?? null) !== (existing?.id ?? null)) {
          throw new OidcError(OidcErrorCode.Conflict, 'the OIDC provider was changed at the same time by someone else; try again');
        }
        const before = current ? summary(current) : null;
        const next = repo.merge(current ?? repo.create({ id, tenantId, clientSecretPath: path, allowedDomains: null, defaultRole: 'viewer', enabled: true }), {
          ...(issuer !== undefined ? { issuer } : {}),
          ...(changes.clientId !== undefined ? { clientId: changes.clientId } : {}),
          ...(changes.allowedDomains !== undefined ? { allowedDomains: changes.allowedDomains } : {}),
          ...(changes.defaultRole !== undefined ? { defaultRole: changes.defaultRole } : {}),
          ...(changes.enabled !== undefined ? { enabled: changes.enabled } : {}),
        });
        const saved = await repo.save(next);
        await recordChange(manager, {
          tenantId,
          actor,
          action: 'oidc_provider.configured',
          target: { type: 'oidc_provider', id: saved.id },
          before,
          after: { ...summary(saved), clientSecretChanged: secretChange !== null },
        });
        return saved;
      });
      this.nudgeOutbox();
      return { provider, clientSecretUpdatedAt: await clientSecretWrittenAt(this.secrets, path) };
    } catch (error) {
      await secretChange?.undo().catch((undoError: unknown) => {
        this.logger.warn(`could not restore the previous OIDC client secret at ${path}: ${undoError instanceof Error ? undoError.name : 'error'}`);
      });
      if (error instanceof QueryFailedError && (error.driverError as { code?: string })?.code === '23505') {
        throw new OidcError(OidcErrorCode.Conflict, 'the OIDC provider was configured at the same time by someone else; try again');
      }
      throw error;
    }
  }

  /** Removes the provider; pending sign-ins stop, then the secret is destroyed. */
  async remove(tenantId: string, actor: AuditActor): Promise<OidcProviderView> {
    const provider = await this.dataSource.transaction(async (manager) => {
      const current = await manager.getRepository(OidcProvider).findOne({ where: { tenantId }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw new OidcError(OidcErrorCode.NotConfigured, 'this tenant has no OIDC provider to remove');
      await this.states.discardForTenant(tenantId, manager);
      await manager.getRepository(OidcProvider).delete({ tenantId, id: current.id });
      await recordChange(manager, {
        tenantId,
        actor,
        action: 'oidc_provider.removed',
        target: { type: 'oidc_provider', id: current.id },
        before: summary(current),
      });
      return current;
    });
    this.nudgeOutbox();
    // After the commit: a failure here leaves an unreachable secret behind, never a provider without one.
    await this.secrets.delete(provider.clientSecretPath).catch((error: unknown) => {
      this.logger.warn(
        `OIDC provider removed but its client secret at ${provider.clientSecretPath} was not deleted: ${error instanceof Error ? error.name : 'error'}`,
      );
    });
    return { provider, clientSecretUpdatedAt: null };
  }

  private async discoverForConfiguration(issuer: string) {
    try {
      return await this.client.discover(issuer);
    } catch (error) {
      if (error instanceof OidcError) throw new OidcError(OidcErrorCode.InvalidInput, `issuer could not be verified: ${error.message}`, 'issuer');
      throw error;
    }
  }

  /**
   * Users created at first sign-in get this role without anyone approving them, so it may
   * not be the owner role, nor grant more than the admin configuring it holds.
   */
  private async assertGrantableDefaultRole(tenantId: string, name: string, actorPermissions: string[]): Promise<void> {
    const role = await this.dataSource.getRepository(Role).findOne({ where: { tenantId, name } });
    if (!role) throw new OidcError(OidcErrorCode.InvalidInput, `defaultRole: no role named "${name}" in this tenant`, 'defaultRole');
    if (role.builtIn && role.name === 'owner') {
      throw new OidcError(OidcErrorCode.InvalidInput, 'defaultRole: owner cannot be given automatically; promote owners by hand', 'defaultRole');
    }
    const beyond = scopesBeyondCreator(role.permissions, actorPermissions);
    if (beyond.length) throw new OidcError(OidcErrorCode.RoleBeyondConfigurer, `defaultRole: you do not hold ${beyond.join(', ')}`, 'defaultRole');
  }
}

function requireForFirstConfiguration(changes: OidcProviderChanges): void {
  for (const field of ['issuer', 'clientId', 'clientSecret'] as const) {
    if (changes[field] === undefined) throw new OidcError(OidcErrorCode.InvalidInput, `${field}: required when the tenant has no OIDC provider yet`, field);
  }
}
