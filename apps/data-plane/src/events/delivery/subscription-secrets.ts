import { eventSubscriptionSecretPath, storedSubscriptionSecretSchema, type EventSubscription } from '@causeway/contracts';
import { assertSecretPath, type SecretStore } from '@causeway/secrets';

/**
 * A subscription's signing secrets (current first, then the previous one during a rotation),
 * cached briefly so a burst of deliveries reads the secret store once. Never logged.
 */
export class SubscriptionSecrets {
  private readonly cache = new Map<string, { secrets: readonly string[]; readAt: number }>();

  constructor(
    private readonly store: SecretStore,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  async of(subscription: Pick<EventSubscription, 'tenantId' | 'id'>): Promise<readonly string[]> {
    const path = assertSecretPath(eventSubscriptionSecretPath(subscription.tenantId, subscription.id));
    const cached = this.cache.get(path);
    if (cached && this.now() - cached.readAt < this.ttlMs) return cached.secrets;
    const secret = await this.store.read(path);
    const parsed = secret ? storedSubscriptionSecretSchema.safeParse(secret.data) : undefined;
    const secrets = parsed?.success ? [parsed.data.secret, ...(parsed.data.previousSecret ? [parsed.data.previousSecret] : [])] : [];
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(path, { secrets, readAt: this.now() });
    return secrets;
  }
}
