import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { TOPICS, type AuditEvent, type CloudEvent, type EventSubscription } from '@causeway/contracts';
import type { EgressGuard } from '@causeway/egress';
import { GroupCommit, type BusMessage } from '@causeway/messaging';
import type { Logger } from '@causeway/observability';
import { postToAgent, type PostOutcome } from './agent-post';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffSettings } from './delivery-backoff';
import type { DeliveryMetrics } from './delivery-metrics';
import { redactFields } from './redact-fields';
import { subscriptionMatches } from './subscription-match';

export interface DeliveryAuditSink {
  publish(messages: BusMessage[]): Promise<void>;
}

export interface DeliveryWorkerOptions {
  dataSource: DataSource;
  /** Required: agent URLs are outbound requests like any other. */
  guard: EgressGuard;
  /** The subscriptions in force (from the config view); paused ones are skipped. */
  subscriptions: () => readonly EventSubscription[];
  /** The Standard Webhooks secrets of a subscription, current first; none means it cannot be delivered yet. */
  signingSecrets: (subscription: EventSubscription) => Promise<readonly string[]>;
  audit: DeliveryAuditSink;
  logger: Logger;
  metrics?: DeliveryMetrics;
  /** Injectable so tests move time instead of sleeping. */
  now?: () => number;
  random?: () => number;
  backoff?: BackoffSettings;
  /** An event is dead-lettered after this many attempts… */
  maxAttempts?: number;
  /** …or once this long has passed since it was owed, whichever comes first. */
  maxAgeMs?: number;
  /** Inbound events read per subscription per pass. */
  batchSize?: number;
  /**
   * Subjects attempted at once per pass (default 64). An attempt mostly waits — the agent's
   * answer, the audit spool's fsync, the row update — so the worker count, not CPU, bounded
   * delivery at 16 (bench/events: ~170 delivered/s).
   */
  concurrency?: number;
  timeoutMs?: number;
  /** This worker's id in the claims it takes; one per replica (default: a random one). */
  owner?: string;
  /**
   * How long a claim on a subject's head lasts: longer than an attempt (timeout, signing,
   * audit) ever takes, so a live worker never loses it mid-attempt; a dead worker's lapses
   * after it, and another replica attempts the head again (at least once).
   */
  claimMs?: number;
}

interface Head {
  id: string;
  subscription_id: string;
  event_id: string;
  event_seq: string;
  attempts: number;
  next_attempt_at: Date;
  created_at: Date;
  claimed_until: Date | null;
  /** The stored CloudEvent; null when it is no longer stored. */
  event: CloudEvent | null;
}

/** What an attempt decided for its row: written with the other attempts that ended meanwhile. */
interface Settlement {
  id: string;
  next: 'delivered' | 'retry' | 'dead';
  attempts: number;
  /** When a retry is due; null once the row is finished. */
  retryAt: Date | null;
  status: number | null;
  error: string | null;
  audit: BusMessage;
}

export interface DeadLetter {
  eventId: string;
  eventType: string;
  subject: string | null;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  deadAt: Date;
}

/**
 * Seqs re-read below a subscription's cursor on every pass: an ingest transaction that took
 * its seq earlier but committed later than a neighbour's is still seen (the unique
 * (subscription, event) index makes the re-read harmless).
 */
const CURSOR_OVERLAP = 200;
/** Well above an attempt's 10 s timeout plus signing and the audit write. */
const DEFAULT_CLAIM_MS = 60_000;

/** Dispatch passes per tick while passes deliver (see `dispatch`). */
const DISPATCH_PASSES = 20;
/** How long a nudged idle worker waits for the rest of a burst before its pass. */
const NUDGE_DELAY_MS = 10;

/**
 * Delivers stored inbound events to subscriptions' URLs: at least once, in order per
 * (subscription, subject), with exponential backoff and jitter, dead-lettering an event whose
 * attempts or age run out. Every step is a row in the data plane's database, so a restart
 * resumes where it stopped: `fanOut` records what each subscription is owed (cursor over
 * `inbound_events`), `dispatch` attempts the head of each subject whose retry is due.
 *
 * Replicas share the work: each runs a worker, and a worker attempts a head only after claiming
 * its row (`claimed_by`, `claimed_until`) by a conditional update that one worker wins. While a
 * head is claimed (or pending) the later events of its subject wait, so one subject is never
 * attempted by two workers at once and its order holds across replicas.
 */
export class DeliveryWorker {
  private readonly now: () => number;
  readonly owner: string;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private loop?: () => Promise<void>;
  /** A nudge arrived since the current pass began. */
  private wanted = false;
  private stopped = true;
  /**
   * Claims and settlements are group-committed: the workers' claims (and the rows of attempts
   * that ended) while one statement runs go together in the next, so a busy pass costs a few
   * statements, not two per attempt (bench/events: one round trip each was most of the CPU).
   */
  private readonly claims = new GroupCommit<string, boolean>((ids) => this.claimRows(ids));
  private readonly settlements = new GroupCommit<Settlement, void>((batch) => this.settleRows(batch));

  constructor(private readonly options: DeliveryWorkerOptions) {
    this.now = options.now ?? Date.now;
    this.owner = options.owner ?? `delivery-${randomUUID()}`;
  }

  start(pollMs = 250): void {
    this.stopped = false;
    this.loop = async () => {
      if (this.stopped) return;
      this.timer = undefined;
      this.wanted = false;
      this.running = this.tick().catch((error: unknown) =>
        this.options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'event delivery pass failed'),
      );
      await this.running;
      this.running = undefined;
      if (!this.stopped) this.timer = setTimeout(this.loop!, this.wanted ? NUDGE_DELAY_MS : pollMs);
    };
    this.timer = setTimeout(this.loop, 0);
  }

  /**
   * An event was stored in this process: deliver it now rather than at the next poll (which
   * stays, for events other replicas stored). Nudges during a pass make it go again once; a
   * nudge while idle waits a few milliseconds so a burst's events share one pass.
   */
  nudge(): void {
    const idle = !this.running && !this.stopped && this.loop !== undefined;
    // Already nudged: the pass is at most NUDGE_DELAY_MS away. Setting the timer again would let
    // a steady stream of events (one a millisecond) push the pass back for as long as it lasts.
    const soon = this.wanted && this.timer !== undefined;
    this.wanted = true;
    if (!idle || soon) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(this.loop!, NUDGE_DELAY_MS);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    // Attempts clear their own claims; one left by a pass that threw is freed for the other replicas now rather than at its expiry.
    await this.options.dataSource
      .query(`UPDATE data_plane.event_deliveries SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = $1 AND status = 'pending'`, [this.owner])
      .catch(() => undefined);
  }

  /** One tick: record what is owed and attempt every due head, pass after pass while passes deliver. Returns the attempts made. */
  async tick(): Promise<number> {
    const active = this.options.subscriptions().filter((s) => !s.paused);
    return this.dispatch(active);
  }

  /** Records the events a subscription is owed since its cursor, and moves the cursor, in one transaction. */
  private async fanOut(subscription: EventSubscription): Promise<void> {
    await this.options.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO data_plane.event_delivery_cursors (subscription_id, last_seq) VALUES ($1, 0) ON CONFLICT DO NOTHING`, [subscription.id]);
      const [{ last_seq }] = (await manager.query(`SELECT last_seq FROM data_plane.event_delivery_cursors WHERE subscription_id = $1 FOR UPDATE`, [
        subscription.id,
      ])) as { last_seq: string }[];
      const rows = (await manager.query(
        `SELECT seq, id, type, subject, connection_id FROM data_plane.inbound_events
          WHERE tenant_id = $1 AND seq > $2 AND received_at >= $3 ORDER BY seq LIMIT $4`,
        [subscription.tenantId, Math.max(0, Number(last_seq) - CURSOR_OVERLAP), subscription.createdAt, (this.options.batchSize ?? 500) + CURSOR_OVERLAP],
      )) as { seq: string; id: string; type: string; subject: string | null; connection_id: string }[];
      if (rows.length === 0) return;
      const owed = rows.filter((r) => subscriptionMatches(subscription, { type: r.type, subject: r.subject ?? undefined, connectionid: r.connection_id }));
      const at = new Date(this.now());
      // One statement for the batch: a round trip per row was the fan-out's whole cost under load.
      if (owed.length > 0)
        await manager.query(
          `INSERT INTO data_plane.event_deliveries (subscription_id, tenant_id, event_id, event_seq, subject_key, status, attempts, next_attempt_at, created_at)
           SELECT $1, $2, o.event_id, o.event_seq, o.subject_key, 'pending', 0, $6, $6
             FROM unnest($3::uuid[], $4::bigint[], $5::text[]) AS o(event_id, event_seq, subject_key)
           ON CONFLICT (subscription_id, event_id) DO NOTHING`,
          [subscription.id, subscription.tenantId, owed.map((r) => r.id), owed.map((r) => r.seq), owed.map((r) => r.subject ?? r.id), at],
        );
      const highest = rows[rows.length - 1].seq;
      if (Number(highest) > Number(last_seq))
        await manager.query(`UPDATE data_plane.event_delivery_cursors SET last_seq = $2 WHERE subscription_id = $1`, [subscription.id, highest]);
    });
  }

  /**
   * Attempts the due heads, then the heads behind the ones delivered, pass after pass while
   * passes deliver (at most DISPATCH_PASSES): a subject's next event goes out now rather than a
   * poll interval later, so a busy subject is not held to one event per poll. A pass first
   * records what this process stored during the last one, so a steady stream never waits for
   * the tick's end.
   */
  private async dispatch(active: EventSubscription[]): Promise<number> {
    const subscriptions = new Map(active.map((s) => [s.id, s]));
    let attempts = 0;
    for (let pass = 0; pass < DISPATCH_PASSES; pass++) {
      // Later passes fan out again only when this process stored events meanwhile: one
      // transaction per subscription is not to be repeated twenty times a tick for nothing.
      // Other replicas' events are found by the next tick's first pass, as before.
      if (pass === 0 || this.wanted) {
        this.wanted = false;
        for (const subscription of active) await this.fanOut(subscription);
      }
      const { attempted, delivered } = await this.dispatchPass(subscriptions);
      attempts += attempted;
      if (delivered === 0) break;
    }
    return attempts;
  }

  /**
   * Claims those heads no other worker holds, in one conditional update: of two workers racing
   * for a row, the second re-reads it after the first commits and finds it claimed (or no longer
   * pending), so it gets nothing. Returns, per id, whether this worker now holds it.
   */
  private async claimRows(ids: string[]): Promise<boolean[]> {
    const now = this.now();
    const [rows] = (await this.options.dataSource.query(
      `UPDATE data_plane.event_deliveries SET claimed_by = $2, claimed_until = $3
        WHERE id = ANY($1::bigint[]) AND status = 'pending' AND (claimed_until IS NULL OR claimed_until <= $4) RETURNING id`,
      [ids, this.owner, new Date(now + (this.options.claimMs ?? DEFAULT_CLAIM_MS)), new Date(now)],
    )) as [{ id: string }[], number];
    const won = new Set(rows.map((r) => String(r.id)));
    return ids.map((id) => won.has(String(id)));
  }

  /**
   * Audits the attempts, then moves their rows on, in one statement — audited first, so a crash
   * in between repeats an attempt (and its audit), never loses one. Only rows whose claim is still
   * ours: had it lapsed and another worker taken the head, that worker's attempt decides; ours was
   * one more delivery (at least once), not a second state.
   */
  private async settleRows(batch: Settlement[]): Promise<void[]> {
    await this.options.audit.publish(batch.map((s) => s.audit));
    await this.options.dataSource.query(
      `UPDATE data_plane.event_deliveries d
          SET status = CASE WHEN s.next = 'retry' THEN 'pending' ELSE s.next END,
              attempts = s.attempts, next_attempt_at = coalesce(s.retry_at, d.next_attempt_at),
              finished_at = CASE WHEN s.next = 'retry' THEN NULL ELSE $8::timestamptz END,
              last_status = s.status, last_error = s.error, claimed_by = NULL, claimed_until = NULL
         FROM unnest($1::bigint[], $2::text[], $3::int[], $4::timestamptz[], $5::int[], $6::text[]) AS s(id, next, attempts, retry_at, status, error)
        WHERE d.id = s.id AND d.claimed_by = $7`,
      [
        batch.map((s) => s.id),
        batch.map((s) => s.next),
        batch.map((s) => s.attempts),
        batch.map((s) => s.retryAt),
        batch.map((s) => s.status),
        batch.map((s) => s.error),
        this.owner,
        new Date(this.now()),
      ],
    );
    return batch.map(() => undefined);
  }

  private async dispatchPass(subscriptions: Map<string, EventSubscription>): Promise<{ attempted: number; delivered: number }> {
    if (subscriptions.size === 0) return { attempted: 0, delivered: 0 };
    // The head of each subject is its lowest pending seq; later events of the subject wait for it,
    // and a head claimed by another worker keeps its subject waiting here too. The heads come
    // with their events: one query for the pass instead of one per attempt.
    const heads = (await this.options.dataSource.query(
      `WITH heads AS (
         SELECT DISTINCT ON (subscription_id, subject_key) id, subscription_id, event_id, event_seq, attempts, next_attempt_at, created_at, claimed_until
           FROM data_plane.event_deliveries WHERE status = 'pending' AND subscription_id = ANY($1)
          ORDER BY subscription_id, subject_key, event_seq)
       SELECT h.*, e.event FROM heads h LEFT JOIN data_plane.inbound_events e ON e.seq = h.event_seq WHERE h.next_attempt_at <= $2`,
      [[...subscriptions.keys()], new Date(this.now())],
    )) as Head[];
    const due = heads.filter((h) => isDue(h, this.now()));
    // `concurrency` workers each take the next due head, claimed just before its attempt (so no
    // claim lapses while it waits behind others): one slow agent holds one worker, not a wave.
    let next = 0;
    let attempted = 0;
    let delivered = 0;
    const work = async () => {
      while (next < due.length) {
        const head = due[next++];
        if (!(await this.claims.submit(head.id))) continue;
        attempted += 1;
        if ((await this.attempt(head, subscriptions.get(head.subscription_id)!)) === 'delivered') delivered += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 64, due.length) }, work));
    return { attempted, delivered };
  }

  private async attempt(head: Head, subscription: EventSubscription): Promise<'delivered' | 'retry' | 'dead'> {
    const attempt = head.attempts + 1;
    const row = head.event ? { event: head.event } : undefined;
    const secrets = await this.options.signingSecrets(subscription);
    let outcome: PostOutcome;
    if (!row) outcome = { kind: 'refused', error: 'event no longer stored' };
    else if (secrets.length === 0) outcome = { kind: 'failed', error: 'no signing secret' };
    else {
      const event = { ...row.event, ...(row.event.data !== undefined ? { data: redactFields(row.event.data, subscription.redact) } : {}) };
      outcome = await postToAgent(this.options.guard, {
        url: subscription.url,
        secrets,
        eventId: head.event_id,
        body: JSON.stringify(event),
        nowSeconds: Math.floor(this.now() / 1000),
        timeoutMs: this.options.timeoutMs ?? 10_000,
      });
    }
    const age = this.now() - new Date(head.created_at).getTime();
    const exhausted = attempt >= (this.options.maxAttempts ?? 12) || age >= (this.options.maxAgeMs ?? 24 * 3_600_000);
    const next: 'delivered' | 'retry' | 'dead' = outcome.kind === 'delivered' ? 'delivered' : outcome.kind === 'refused' || exhausted ? 'dead' : 'retry';

    const status = 'status' in outcome ? (outcome.status ?? null) : null;
    const error = outcome.kind === 'delivered' ? null : outcome.error;
    await this.settlements.submit({
      id: head.id,
      next,
      attempts: attempt,
      retryAt: next === 'retry' ? new Date(this.now() + backoffDelay(attempt, this.options.backoff ?? DEFAULT_BACKOFF, this.options.random)) : null,
      status,
      error,
      audit: attemptAudit(subscription, head.event_id, attempt, outcome, next, this.now()),
    });
    if (next === 'dead') this.options.logger.warn({ subscriptionId: subscription.id, eventId: head.event_id, attempts: attempt, error }, 'event dead-lettered');
    this.options.metrics?.attempted(subscription.tenantId, next === 'delivered' ? 'delivered' : next === 'dead' ? 'dead_lettered' : 'failed');
    if (next === 'delivered' && row?.event.time) this.options.metrics?.latency((this.now() - Date.parse(row.event.time)) / 1000);
    return next;
  }

  /** Seconds since the oldest pending delivery was owed; 0 when nothing is owed. */
  async oldestPendingSeconds(): Promise<number> {
    const [row] = (await this.options.dataSource.query(`SELECT min(created_at) AS oldest FROM data_plane.event_deliveries WHERE status = 'pending'`)) as {
      oldest: Date | null;
    }[];
    return row?.oldest ? Math.max(0, (this.now() - new Date(row.oldest).getTime()) / 1000) : 0;
  }

  /** A subscription's dead letters, newest first. */
  async deadLetters(subscriptionId: string, limit = 100): Promise<DeadLetter[]> {
    const rows = (await this.options.dataSource.query(
      `SELECT d.event_id, e.type, e.subject, d.attempts, d.last_status, d.last_error, d.finished_at
         FROM data_plane.event_deliveries d LEFT JOIN data_plane.inbound_events e ON e.seq = d.event_seq
        WHERE d.subscription_id = $1 AND d.status = 'dead' ORDER BY d.event_seq DESC LIMIT $2`,
      [subscriptionId, Math.min(Math.max(limit, 1), 1000)],
    )) as {
      event_id: string;
      type: string;
      subject: string | null;
      attempts: number;
      last_status: number | null;
      last_error: string | null;
      finished_at: Date;
    }[];
    return rows.map((r) => ({
      eventId: r.event_id,
      eventType: r.type,
      subject: r.subject,
      attempts: r.attempts,
      lastStatus: r.last_status,
      lastError: r.last_error,
      deadAt: r.finished_at,
    }));
  }

  /**
   * Owes dead letters again (all of the subscription's, or those ids): fresh attempts, due now,
   * in their subject's order. Returns how many were replayed.
   */
  async replayDeadLetters(subscriptionId: string, eventIds?: readonly string[]): Promise<number> {
    const rows = (await this.options.dataSource.query(
      `UPDATE data_plane.event_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $2, created_at = $2, finished_at = NULL, claimed_by = NULL, claimed_until = NULL
        WHERE subscription_id = $1 AND status = 'dead' AND ($3::uuid[] IS NULL OR event_id = ANY($3::uuid[])) RETURNING id`,
      [subscriptionId, new Date(this.now()), eventIds ? [...eventIds] : null],
    )) as [unknown[], number];
    return rows[1];
  }
}

/** A head is attempted when its retry is due and no live claim holds it. */
export function isDue(head: { next_attempt_at: Date; claimed_until: Date | null }, now: number): boolean {
  return new Date(head.next_attempt_at).getTime() <= now && (head.claimed_until === null || new Date(head.claimed_until).getTime() <= now);
}

/** One audit event per attempt: who it was for, which event, what came back. No payload. */
function attemptAudit(
  subscription: EventSubscription,
  eventId: string,
  attempt: number,
  outcome: PostOutcome,
  next: 'delivered' | 'retry' | 'dead',
  now: number,
): BusMessage {
  const event: AuditEvent = {
    id: randomUUID(),
    specVersion: 1,
    tenantId: subscription.tenantId,
    occurredAt: new Date(now).toISOString(),
    actor: { type: 'system', id: 'event-delivery' },
    action: 'event.delivery',
    outcome: outcome.kind === 'delivered' ? 'success' : outcome.kind === 'refused' ? 'denied' : 'failed',
    target: { type: 'event_subscription', id: subscription.id },
    ...('status' in outcome && outcome.status ? { upstreamStatus: outcome.status } : {}),
    attempts: attempt,
    details: { eventId, result: next === 'retry' ? 'will_retry' : next, ...(outcome.kind === 'delivered' ? {} : { error: outcome.error }) },
  };
  return { topic: TOPICS.audit, key: subscription.tenantId, value: event, headers: { 'event-id': event.id } };
}
