import { canonicalJson, CanonicalJsonError } from './canonical-json';

describe('canonicalJson', () => {
  it('writes the example of RFC 8785, section 3.2.2', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts object members by key and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: null } })).toBe('{"a":{"c":null,"d":[1,2]},"b":1}');
  });

  it('orders keys by UTF-16 code units, as RFC 8785 does', () => {
    // U+20AC (€) sorts after U+00E9 (é) and before an astral character (high surrogate D83D).
    expect(canonicalJson({ '😀': 3, '€': 2, é: 1, Z: 0 })).toBe('{"Z":0,"é":1,"€":2,"😀":3}');
  });

  it('writes numbers the way JavaScript does', () => {
    expect(canonicalJson([1.0, -0, 1e21, 1e-7, 0.1 + 0.2, 123456789012])).toBe('[1,0,1e+21,1e-7,0.30000000000000004,123456789012]');
  });

  it('escapes strings like JSON.stringify and keeps non-ASCII as UTF-8', () => {
    expect(canonicalJson({ s: 'line\nbreak "quoted" \u0007 é 😀' })).toBe('{"s":"line\\nbreak \\"quoted\\" \\u0007 é 😀"}');
  });

  it('leaves out members whose value is undefined, so a parsed copy canonicalises the same', () => {
    const value = { a: 1, b: undefined, c: { d: undefined } };
    expect(canonicalJson(value)).toBe('{"a":1,"c":{}}');
    expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
  });

  it('is independent of member insertion order', () => {
    expect(canonicalJson({ x: 1, y: { q: 1, p: 2 } })).toBe(canonicalJson({ y: { p: 2, q: 1 }, x: 1 }));
  });

  it.each([
    ['NaN', { n: Number.NaN }, 'n'],
    ['Infinity', { deep: [{ n: Number.POSITIVE_INFINITY }] }, 'deep[0].n'],
    ['a lone surrogate', { s: 'a\uD800b' }, 's'],
    ['a bigint', { b: 1n }, 'b'],
    ['a Date', { d: new Date(0) }, 'd'],
    ['a function', { list: [() => 1] }, 'list[0]'],
    ['a Map', { m: new Map() }, 'm'],
    ['undefined on its own', undefined, ''],
  ])('refuses %s, naming where it is', (_what, value, path) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson(value)).toThrow(new RegExp(`^${path ? path.replace(/[[\].]/g, '\\$&') : '\\(value\\)'}:`));
  });
});
