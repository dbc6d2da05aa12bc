import { backoffDelay, DEFAULT_BACKOFF, type BackoffSettings } from './delivery-backoff';

export interface Deliverable {
  id: string;
  /** Events of one subject are delivered one after another, in the order they were enqueued. */
  subject: string;
}

export type SendOutcome = { ok: true } | { ok: false; error: string };

export interface DispatcherOptions<E extends Deliverable> {
  send(event: E, attempt: number): Promise<SendOutcome>;
  /** Called when an event has used up its attempts; the subject then moves on. */
  deadLetter(event: E, lastError: string, attempts: number): Promise<void> | void;
  onDelivered?(event: E, attempts: number): void;
  maxAttempts?: number;
  backoff?: BackoffSettings;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * At-least-once delivery to one endpoint, ordered per subject: while the head event of a
 * subject is being retried (exponential backoff with jitter), later events of that subject
 * wait and events of other subjects go on. An event that exhausts its attempts goes to the
 * dead-letter list, from which it can be replayed.
 */
export class SubjectOrderedDispatcher<E extends Deliverable> {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: DispatcherOptions<E>) {
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  enqueue(event: E): void {
    const previous = this.chains.get(event.subject) ?? Promise.resolve();
    const next = previous.then(() => this.deliver(event));
    this.chains.set(event.subject, next);
    // Forget a subject once its chain is drained, so the map holds only subjects in flight.
    void next.then(() => {
      if (this.chains.get(event.subject) === next) this.chains.delete(event.subject);
    });
  }

  /** Resolves when everything enqueued so far was delivered or dead-lettered. */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
  }

  private async deliver(event: E): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 12;
    let lastError = '';
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) await this.sleep(backoffDelay(attempt - 1, this.options.backoff ?? DEFAULT_BACKOFF));
      const outcome = await this.options.send(event, attempt).catch((error: unknown): SendOutcome => ({ ok: false, error: String(error) }));
      if (outcome.ok) {
        this.options.onDelivered?.(event, attempt);
        return;
      }
      lastError = outcome.error;
    }
    await this.options.deadLetter(event, lastError, maxAttempts);
  }
}
