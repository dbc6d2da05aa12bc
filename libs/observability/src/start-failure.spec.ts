import { failStart } from './start-failure';

describe('a service that cannot start', () => {
  it('writes one JSON line at fatal with the reason, then exits 1', () => {
    const lines: string[] = [];
    const exits: number[] = [];
    failStart('data-plane', new Error('data-plane: invalid configuration\n  PORT: expected a number'), { write: (line: string) => lines.push(line) }, (code) =>
      exits.push(code),
    );
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 60,
      service: 'data-plane',
      errorName: 'Error',
      msg: 'data-plane: invalid configuration\n  PORT: expected a number',
    });
    expect(exits).toEqual([1]);
  });
});
