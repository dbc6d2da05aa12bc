import { formatInput, prettyJson } from './approval-input';

describe('a held call’s input laid out against its tool’s schema', () => {
  const schema = JSON.stringify({
    type: 'object',
    required: ['channel', 'ts'],
    properties: {
      channel: { type: 'string', title: 'Channel', description: 'Channel id, e.g. C0GENERAL01' },
      ts: { type: 'string', description: 'Timestamp of the message to delete' },
      thread: { type: 'string' },
    },
  });

  it('labels fields from the schema, in the schema’s order, leaving out optional fields the call did not send', () => {
    const fields = formatInput(JSON.stringify({ ts: '1700000000.000100', channel: 'C0GENERAL01' }), schema);
    expect(fields.map((f) => [f.label, f.value, f.description])).toEqual([
      ['Channel', 'C0GENERAL01', 'Channel id, e.g. C0GENERAL01'],
      ['ts', '1700000000.000100', 'Timestamp of the message to delete'],
    ]);
    expect(fields.some((f) => f.unexpected || f.missing)).toBe(false);
  });

  it('flags a field the schema does not name and a required one the call left out', () => {
    const fields = formatInput(JSON.stringify({ channel: 'C1', extra: { deep: [1, 2] } }), schema);
    expect(fields.find((f) => f.name === 'ts')).toMatchObject({ missing: true, value: '' });
    expect(fields.find((f) => f.name === 'extra')).toMatchObject({ unexpected: true, value: JSON.stringify({ deep: [1, 2] }, null, 2) });
  });

  it('lists every field as it came when there is no schema (raw proxy calls), flagging none', () => {
    const fields = formatInput(JSON.stringify({ method: 'POST', path: '/chat.delete', count: 3 }), null);
    expect(fields.map((f) => [f.name, f.value, f.unexpected])).toEqual([
      ['method', 'POST', false],
      ['path', '/chat.delete', false],
      ['count', '3', false],
    ]);
  });

  it('survives input or a schema that is not a JSON object', () => {
    expect(formatInput('not json', '[]')).toEqual([]);
    expect(prettyJson('not json')).toBe('not json');
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
  });
});
