import { crc32 } from 'node:zlib';
import type { BusMessage } from '../event-bus';

/**
 * One spooled message per line. Every line is itself valid JSON, so an operator can read a
 * segment with `jq`, and carries the byte length and CRC-32 of the record it wraps:
 *
 *   {"crc":"1a2b3c4d","len":57,"rec":{"topic":"causeway.audit.v1","key":"t1","value":{...}}}
 *
 * The checksum covers exactly the `len` bytes after `"rec":`, so a line cut short by a crash
 * (or garbled on disk) is detected and skipped instead of being published half-read.
 */
const HEAD = /^\{"crc":"([0-9a-f]{8})","len":(\d{1,10}),"rec":/;
/** Longest possible head: the fixed text, 8 hex digits and a 10-digit length. */
const HEAD_MAX = 48;
const TAIL = Buffer.from('}\n', 'latin1');
const NEWLINE = 0x0a;
const CLOSE_BRACE = 0x7d;

/** Encodes a message as one spool line (JSON never contains a raw newline, so lines cannot split). */
export function encodeRecord(message: BusMessage): Buffer {
  const record: BusMessage = { topic: message.topic, key: message.key, value: message.value };
  if (message.headers) record.headers = message.headers;
  const body = Buffer.from(JSON.stringify(record), 'utf8');
  const crc = crc32(body).toString(16).padStart(8, '0');
  return Buffer.concat([Buffer.from(`{"crc":"${crc}","len":${body.length},"rec":`, 'latin1'), body, TAIL]);
}

export interface DecodedSegment {
  messages: BusMessage[];
  /** Lines that failed the length, checksum or shape check, including a torn last line. */
  corrupt: number;
  /** True when the data ends without a newline: the last write was cut short. */
  tornTail: boolean;
}

export function decodeSegment(data: Buffer): DecodedSegment {
  const messages: BusMessage[] = [];
  let corrupt = 0;
  let tornTail = false;
  let pos = 0;
  while (pos < data.length) {
    const end = data.indexOf(NEWLINE, pos);
    if (end === -1) {
      // Only a crash mid-write leaves a line without its newline; nothing in it was
      // acknowledged, because acknowledgement waits for the fsync of the whole line.
      tornTail = true;
      corrupt++;
      break;
    }
    const message = decodeLine(data.subarray(pos, end));
    if (message) messages.push(message);
    else corrupt++;
    pos = end + 1;
  }
  return { messages, corrupt, tornTail };
}

function decodeLine(line: Buffer): BusMessage | undefined {
  const head = HEAD.exec(line.subarray(0, HEAD_MAX).toString('latin1'));
  if (!head) return undefined;
  const start = head[0].length;
  const length = Number(head[2]);
  // The line is head + body + '}' exactly: a shorter or longer line is not ours to trust.
  if (start + length + 1 !== line.length || line[line.length - 1] !== CLOSE_BRACE) return undefined;
  const body = line.subarray(start, start + length);
  if (crc32(body) !== Number.parseInt(head[1], 16)) return undefined;
  try {
    const record = JSON.parse(body.toString('utf8')) as Partial<BusMessage>;
    if (typeof record.topic !== 'string' || typeof record.key !== 'string' || !('value' in record)) return undefined;
    const message: BusMessage = { topic: record.topic, key: record.key, value: record.value };
    if (record.headers && typeof record.headers === 'object') message.headers = record.headers;
    return message;
  } catch {
    return undefined;
  }
}
