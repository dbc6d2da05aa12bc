import type { DataSource, EntitySubscriberInterface, InsertEvent, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { OutboxMessage } from './outbox-message.entity';

/**
 * Tells the relay of this process that outbox rows were committed, so it publishes them at
 * once instead of at its next poll. Polling several times a second was a fixed cost paid
 * busy or idle (an advisory lock, a query and an unlock per tick, issue #16); with this
 * signal the poll is only the fallback for rows another process wrote.
 *
 * A TypeORM subscriber rather than a call at each write site: every `enqueueOutbox` goes
 * through the OutboxMessage repository, so no writer can forget it. The signal fires after
 * the outermost COMMIT (a row is invisible to the relay before that), never after a rollback.
 */
export class OutboxCommitSignal implements EntitySubscriberInterface<OutboxMessage> {
  /** Query runners whose open transaction inserted outbox rows. */
  private readonly pending = new WeakSet<QueryRunner>();

  private constructor(private readonly onCommitted: () => void) {}

  /** Registers the signal on the data source; `onCommitted` runs after each commit that wrote outbox rows. */
  static attach(dataSource: DataSource, onCommitted: () => void): OutboxCommitSignal {
    const signal = new OutboxCommitSignal(onCommitted);
    // DataSource.subscribers is read on every broadcast, so one added after initialize() is seen.
    dataSource.subscribers.push(signal);
    return signal;
  }

  /** Stops signalling (the relay stopped). */
  detach(dataSource: DataSource): void {
    const i = dataSource.subscribers.indexOf(this);
    if (i >= 0) dataSource.subscribers.splice(i, 1);
  }

  listenTo(): typeof OutboxMessage {
    return OutboxMessage;
  }

  afterInsert(event: InsertEvent<OutboxMessage>): void {
    if (event.queryRunner.isTransactionActive) this.pending.add(event.queryRunner);
    else this.onCommitted(); // autocommit: the row is already visible
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // A savepoint's release also broadcasts a commit; only the outermost one makes rows visible.
    if (event.queryRunner.isTransactionActive || !this.pending.has(event.queryRunner)) return;
    this.pending.delete(event.queryRunner);
    this.onCommitted();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.pending.delete(event.queryRunner);
  }
}
