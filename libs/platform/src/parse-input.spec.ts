import { z } from 'zod';
import { AppError } from './app-error';
import { firstIssue, parseInput } from './parse-input';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a refusal');
};

describe('parseInput (the one "first zod issue → invalid_input" of every edge)', () => {
  const body = z.strictObject({ input: z.strictObject({ text: z.string() }) });

  it('returns the parsed value when it is valid', () => {
    expect(parseInput(body, { input: { text: 'hi' } })).toEqual({ input: { text: 'hi' } });
  });

  it('names the field at fault by its path, and an unknown key by its name', () => {
    expect(refusal(() => parseInput(body, { input: { text: 1 } }))).toMatchObject({
      code: 'invalid_input',
      extra: { field: 'input.text' },
      message: expect.stringMatching(/^input\.text: /),
    });
    expect(refusal(() => parseInput(body, { input: { text: 'x' }, extra: 1 }))).toMatchObject({ extra: { field: 'extra' } });
  });

  it('lets the edge name the field as its caller knows it, or outright', () => {
    expect(refusal(() => parseInput(body, { input: { text: 1 } }, { fieldOf: (p) => `_causeway.${p}` }))).toMatchObject({
      extra: { field: '_causeway.input.text' },
    });
    expect(refusal(() => parseInput(z.uuid(), 'nope', { field: 'id' }))).toMatchObject({ extra: { field: 'id' }, message: expect.stringMatching(/^id: /) });
    expect(refusal(() => parseInput(z.string(), 1))).toMatchObject({ extra: { field: 'body' } });
  });
});

describe('firstIssue (for edges that report a problem instead of throwing it)', () => {
  it('names the path of the first problem, an unknown key by its name, and nothing for the value as a whole', () => {
    const problem = (schema: z.ZodType, value: unknown) => {
      const parsed = schema.safeParse(value);
      if (parsed.success) throw new Error('expected a problem');
      return firstIssue(parsed.error);
    };
    expect(problem(z.strictObject({ a: z.strictObject({ b: z.number() }) }), { a: { b: 'x' } })).toEqual({ path: 'a.b', message: expect.any(String) });
    expect(problem(z.strictObject({}), { stray: 1 })).toMatchObject({ path: 'stray' });
    expect(problem(z.string(), 1)).toMatchObject({ path: '' });
  });
});
