/**
 * The canonical JSON form that the hash chain hashes (see docs/audit.md, "Canonical JSON").
 *
 * It is RFC 8785 (JSON Canonicalization Scheme) for the values an audit event can hold:
 * - objects: members sorted by key, compared as UTF-16 code units; members whose value is
 *   `undefined` are left out (as JSON.stringify does), so a parsed copy canonicalises alike;
 * - arrays: in order; no whitespace anywhere;
 * - strings: JSON.stringify's escaping (the ES2019 well-formed form RFC 8785 prescribes);
 *   a lone surrogate is refused, because RFC 8785 requires valid Unicode;
 * - numbers: finite only, written as JavaScript writes them (Number.prototype.toString:
 *   shortest round-trip form, exponent from 1e21, -0 as 0);
 * - true, false, null. Anything else (bigint, Date, Map, functions) is refused.
 * The result is hashed as its UTF-8 bytes.
 */
export class CanonicalJsonError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path || '(value)'}: ${message}`);
    this.name = 'CanonicalJsonError';
  }
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function canonicalJson(value: unknown): string {
  return write(value, '');
}

function write(value: unknown, path: string): string {
  switch (typeof value) {
    case 'string':
      if (loneSurrogate.test(value)) throw new CanonicalJsonError(path, 'lone UTF-16 surrogate');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map((item, i) => write(item, `${path}[${i}]`)).join(',')}]`;
      if (!isPlainObject(value)) throw new CanonicalJsonError(path, 'only plain objects are JSON objects');
      return writeObject(value as Record<string, unknown>, path);
    default:
      throw new CanonicalJsonError(path, `${typeof value} is not a JSON value`);
  }
}

function writeObject(value: Record<string, unknown>, path: string): string {
  // Default sort compares UTF-16 code units, which is exactly RFC 8785's member order.
  const keys = Object.keys(value).sort();
  const members: string[] = [];
  for (const key of keys) {
    const member = value[key];
    if (member === undefined) continue;
    if (loneSurrogate.test(key)) throw new CanonicalJsonError(path, `key ${JSON.stringify(key)} has a lone surrogate`);
    members.push(`${JSON.stringify(key)}:${write(member, path ? `${path}.${key}` : key)}`);
  }
  return `{${members.join(',')}}`;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
