import { logLevel as KafkaLogLevel, type LogEntry, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';

type PinoLevel = 'error' | 'warn' | 'info' | 'debug';

/**
 * kafkajs messages that read as failures but are part of normal operation: kafkajs retries or
 * handles each one itself, and a real failure behind them reaches our code as a rejected call.
 * Each is matched on kafkajs' message and the error it carries; the level says what it is.
 */
const BENIGN: { level: PinoLevel; message: RegExp; error?: RegExp; why: string }[] = [
  {
    level: 'debug',
    message: /^Response CreateTopics\b/,
    error: /^Topic creation errors$/,
    why: 'every start after the first: the topics exist (admin.createTopics returns false for TOPIC_ALREADY_EXISTS and throws anything else at connect)',
  },
  {
    level: 'debug',
    message: /^Response JoinGroup\b/,
    error: /needs to have a valid member id/,
    why: 'MEMBER_ID_REQUIRED: the first JoinGroup of every consumer (KIP-394); kafkajs rejoins with the id it was given',
  },
  {
    level: 'info',
    message: /^Response (FindCoordinator|GroupCoordinator|JoinGroup|SyncGroup|Heartbeat|OffsetFetch|OffsetCommit)\b/,
    error: /coordinator is (loading|not available)|not the correct coordinator/i,
    why: 'the broker is still loading the group coordinator (a fresh broker, a restart); kafkajs retries',
  },
  {
    level: 'info',
    message: /^Response (Metadata|CreateTopics)\b/,
    error: /no leader for this topic-partition|leadership election/i,
    why: 'a topic just created has no leader yet; createTopics waits for leaders and retries',
  },
  {
    level: 'info',
    message: /^Limiting retries for the idempotent producer may invalidate EoS guarantees$/,
    why: 'at every start: retries are bounded on purpose so a send fails over to the spool; a failed send replaces the producer and is resent (at least once, deduplicated by event id)',
  },
  {
    level: 'info',
    message: /^The group is rebalancing, re-joining$/,
    why: 'a replica joined or left the group',
  },
];

/** The pino level of one kafkajs log entry: its own level, lowered for the known-benign messages. */
export function kafkaLogLevel(entry: Pick<LogEntry, 'level' | 'log'>): PinoLevel {
  const error = typeof entry.log.error === 'string' ? entry.log.error : '';
  const benign = BENIGN.find((b) => b.message.test(String(entry.log.message)) && (!b.error || b.error.test(error)));
  const own = ownLevel(entry.level);
  if (!benign) return own;
  return SEVERITY[benign.level] < SEVERITY[own] ? benign.level : own;
}

const SEVERITY: Record<PinoLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

function ownLevel(level: number): PinoLevel {
  if (level <= KafkaLogLevel.ERROR) return 'error';
  if (level === KafkaLogLevel.WARN) return 'warn';
  if (level === KafkaLogLevel.INFO) return 'info';
  return 'debug';
}

/**
 * kafkajs' own level: WARN normally (its INFO is a line per connect, join and commit), INFO when
 * the service logs at debug or below. kafkajs' DEBUG (every request) only with KAFKAJS_LOG_LEVEL.
 */
export function kafkaClientLogLevel(logger: Pick<Logger, 'isLevelEnabled'>): KafkaLogLevel {
  return logger.isLevelEnabled('debug') ? KafkaLogLevel.INFO : KafkaLogLevel.WARN;
}

/** kafkajs' logCreator writing through the service's pino logger: one JSON line per entry. */
export function kafkaLogCreator(logger: Logger): logCreator {
  const log = logger.child({ component: 'kafka' });
  return () => (entry: LogEntry) => {
    const { message, timestamp: _timestamp, logger: _logger, ...extra } = entry.log as LogEntry['log'] & { logger?: unknown };
    // kafkajs sometimes logs an Error as the message (brokerPool): keep it one line with a string msg.
    const text = (message as unknown) instanceof Error ? (message as unknown as Error).message : String(message);
    log[kafkaLogLevel(entry)]({ kafka: entry.namespace, ...extra }, text);
  };
}
