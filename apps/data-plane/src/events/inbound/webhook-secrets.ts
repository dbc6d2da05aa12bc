import { storedWebhookSecretSchema, webhookSecretPath } from '@causeway/contracts';
import { assertSecretPath, type SecretStore } from '@causeway/secrets';

/**
 * A connection's webhook signing secrets (current first, then the previous one during a
 * rotation), cached briefly so a burst of deliveries reads the secret store once. A secret
 * that does not parse counts as absent and is never echoed. `maxAgeMs` asks for a copy younger
 * than that (the ingest, when a delivery did not verify: the secret may have just changed).
 */
export class WebhookSecrets {
  private readonly cache = new Map<string, { secrets: readonly string[]; readAt: number }>();

  constructor(
    private readonly store: SecretStore,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  async of(tenantId: string, connectionId: string, options: { maxAgeMs?: number } = {}): Promise<readonly string[]> {
    const path = assertSecretPath(webhookSecretPath(tenantId, connectionId));
    const cached = this.cache.get(path);
    if (cached && this.now() - cached.readAt < Math.min(this.ttlMs, options.maxAgeMs ?? this.ttlMs)) return cached.secrets;
    const secret = await this.store.read(path);
    const parsed = secret ? storedWebhookSecretSchema.safeParse(secret.data) : undefined;
    const secrets = parsed?.success ? [parsed.data.secret, ...(parsed.data.previousSecret ? [parsed.data.previousSecret] : [])] : [];
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(path, { secrets, readAt: this.now() });
    return secrets;
  }
}
