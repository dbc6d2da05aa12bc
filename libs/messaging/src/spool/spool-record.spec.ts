import { decodeSegment, encodeRecord } from './spool-record';

const message = (n: number) => ({
  topic: 'causeway.audit.v1',
  key: `tenant-${n % 2}`,
  value: { id: `e${n}`, note: 'ünïcødé, "quotes", \n newline' },
  headers: { 'content-type': 'application/json' },
});

describe('spool record format', () => {
  it('round-trips messages, one JSON line each', () => {
    const data = Buffer.concat([1, 2, 3].map((n) => encodeRecord(message(n))));
    const lines = data.toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ crc: expect.any(String), len: expect.any(Number) });
    expect(decodeSegment(data)).toEqual({ messages: [message(1), message(2), message(3)], corrupt: 0, tornTail: false });
  });

  it('keeps a message without headers without headers', () => {
    const { messages } = decodeSegment(encodeRecord({ topic: 't', key: 'k', value: null }));
    expect(messages).toEqual([{ topic: 't', key: 'k', value: null }]);
  });

  it('skips a torn last line (a write cut short by a crash)', () => {
    const third = encodeRecord(message(3));
    const data = Buffer.concat([encodeRecord(message(1)), encodeRecord(message(2)), third.subarray(0, third.length - 9)]);
    expect(decodeSegment(data)).toEqual({ messages: [message(1), message(2)], corrupt: 1, tornTail: true });
  });

  it('skips a line whose checksum does not match, and keeps the lines around it', () => {
    const second = Buffer.from(encodeRecord(message(2)));
    const at = second.indexOf('"e2"');
    second[at + 2] = '7'.charCodeAt(0); // same length, different content
    const data = Buffer.concat([encodeRecord(message(1)), second, encodeRecord(message(3))]);
    expect(decodeSegment(data)).toEqual({ messages: [message(1), message(3)], corrupt: 1, tornTail: false });
  });

  it('skips a line whose length does not match, and garbage lines', () => {
    const first = encodeRecord(message(1))
      .toString('utf8')
      .replace(/"len":(\d+)/, (_, n) => `"len":${Number(n) + 1}`);
    const data = Buffer.concat([Buffer.from(first), Buffer.from('not a record\n'), Buffer.from('\n'), encodeRecord(message(2))]);
    expect(decodeSegment(data)).toEqual({ messages: [message(2)], corrupt: 3, tornTail: false });
  });
});
