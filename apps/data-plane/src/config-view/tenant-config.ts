import type { ApprovalPolicy } from '@causeway/contracts';
import type { ConnectionRecord, TenantRecord } from './records';

/** A connection as calls receive it: its id and its record (one shared object per version). */
export interface SelectedConnection {
  readonly id: string;
  readonly connection: ConnectionRecord;
}

const NO_CONNECTIONS: readonly SelectedConnection[] = Object.freeze([]);

/** One provider's connections in a tenant, and the one a call without further hints uses. */
interface ProviderConnections {
  readonly provider: string;
  /** In arrival order (a changed connection moves to the end). */
  readonly all: readonly SelectedConnection[];
  /** The first active shared connection, else the first shared one, else undefined. */
  readonly preferredShared: SelectedConnection | undefined;
}

/**
 * Everything the request path needs of one tenant, in one place: a key entry points here, so
 * a call follows pointers from its key instead of looking up five maps by string id.
 *
 * Every entity of the tenant points back here; the view forgets the tenant when the last one
 * goes. Entries are replaced, never changed in place, so a call holding one keeps a
 * consistent picture while config changes under it.
 */
export class TenantConfig {
  /** The tenant's own record; undefined until it arrives and after it is deleted. */
  record: TenantRecord | undefined = undefined;
  recordFromStream = false;
  /** The tenant's approval policy; undefined while it keeps the default. */
  approvalPolicy: ApprovalPolicy | undefined = undefined;
  approvalPolicyFromStream = false;
  /**
   * Bumped by every change that can change what a key of this tenant may do: the tenant, its
   * roles, memberships and keys. A key's cached principal is valid for one generation.
   */
  generation = 0;
  /** Config entries (of any kind) that belong to this tenant. */
  entries = 0;
  /** Memberships by user id: how a key's creator is found. Created with the first one. */
  private members: Map<string, MembershipEntry> | undefined = undefined;
  /**
   * Connections by provider: a short list scanned by provider id (a tenant uses a handful of
   * providers), rebuilt whole on every change so it and its items sit together in memory: a
   * call's default choice touches this list, one item, the connection and its record.
   */
  private providers: readonly ProviderConnections[] = [];

  constructor(readonly id: string) {}

  membershipOf(userId: string): MembershipEntry | undefined {
    return this.members?.get(userId);
  }

  /** The tenant's connections to one provider (a shared frozen list: do not keep it across calls). */
  connectionsFor(provider: string): readonly SelectedConnection[] {
    return this.of(provider)?.all ?? NO_CONNECTIONS;
  }

  /** The connection a call to this provider uses when nothing narrows the choice (see selectConnection). */
  preferredSharedConnection(provider: string): SelectedConnection | undefined {
    return this.of(provider)?.preferredShared;
  }

  private of(provider: string): ProviderConnections | undefined {
    // Indexed, not for-of: the request path then allocates no iterator when this is not inlined.
    const providers = this.providers;
    for (let i = 0; i < providers.length; i++) if (providers[i].provider === provider) return providers[i];
    return undefined;
  }

  /** @internal the view's bookkeeping */
  addMembership(entry: MembershipEntry): void {
    (this.members ??= new Map()).set(entry.userId, entry);
  }

  /** @internal */
  removeMembership(entry: MembershipEntry): void {
    if (this.members?.get(entry.userId) === entry) this.members.delete(entry.userId);
  }

  /** @internal appended last, as a changed connection moves to the end of its provider's list. */
  addConnection(selected: SelectedConnection): void {
    this.rebuild(selected.connection.provider, (all) => [...all, selected]);
  }

  /** @internal */
  removeConnection(selected: SelectedConnection): void {
    this.rebuild(selected.connection.provider, (all) => all.filter((c) => c !== selected));
  }

  private rebuild(provider: string, change: (all: readonly SelectedConnection[]) => SelectedConnection[]): void {
    const lists = new Map(this.providers.map((p) => [p.provider, p.all]));
    lists.set(provider, change(lists.get(provider) ?? NO_CONNECTIONS));
    const providers: ProviderConnections[] = [];
    for (const [name, all] of lists) {
      if (all.length === 0) continue;
      const shared = all.filter((c) => c.connection.kind === 'shared');
      providers.push(
        Object.freeze({ provider: name, all: Object.freeze([...all]), preferredShared: shared.find((c) => c.connection.status === 'active') ?? shared[0] }),
      );
    }
    this.providers = Object.freeze(providers);
  }
}

/** What every stored entity carries besides its record. */
export interface Stored {
  readonly tenant: TenantConfig;
  /** Stream changes win over the start-up snapshot, never the other way round. */
  readonly fromStream: boolean;
}

export interface RoleEntry extends Stored {
  readonly name: string;
  /** Canonical names, frozen, shared with every role granting the same list. */
  readonly permissions: readonly string[];
}

export interface MembershipEntry extends Stored {
  readonly userId: string;
  readonly roleId: string;
}

export interface ConnectionEntry extends Stored {
  readonly selected: SelectedConnection;
}

/** An API key as the view keeps it: times parsed once, absent values as sentinels, not nulls. */
export interface ApiKeyEntry extends Stored {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly secretHash: string;
  /** The secret hash the key had before its last rotation, while the overlap lasts. */
  readonly previousSecretHash: string | null;
  /** Epoch ms until which the previous secret is still accepted; -Infinity when there is none. */
  readonly previousValidUntilMs: number;
  readonly scopes: readonly string[];
  readonly createdBy: string;
  /** Epoch ms at which the key stops working; Infinity when it does not expire. */
  readonly expiresAtMs: number;
  readonly allowedConnections: readonly string[] | null;
  readonly allowedTools: readonly string[] | null;
  readonly revoked: boolean;
}
