import canonicalize from 'canonicalize';

/**
 * The one canonical JSON of the platform: RFC 8785 (JSON Canonicalization Scheme), written by
 * the `canonicalize` package. The audit chain hashes it (docs/audit.md, "Canonical JSON") and
 * idempotency keys compare requests by it. docs/decisions/0008-one-canonical-json.md says why
 * a package, and what this wrapper adds.
 *
 * The package serialises whatever it is given (a Date through toJSON, a function as the text
 * `undefined`, a lone surrogate as an escape); a hash must never depend on that, so values are
 * first checked to be plain JSON: objects with Object or null prototype, arrays, strings of
 * valid Unicode, finite numbers, booleans, null. Members whose value is `undefined` are left
 * out, as JSON.stringify does, so a parsed copy canonicalises alike. Anything else is refused
 * with a CanonicalJsonError naming where it is.
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

export function canonicalJson(value: unknown): string {
  assertJsonValue(value, '');
  // Defined for every value the check lets through: the package returns undefined only for undefined.
  return canonicalize(value) as string;
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function assertJsonValue(value: unknown, path: string): void {
  switch (typeof value) {
    case 'string':
      if (loneSurrogate.test(value)) throw new CanonicalJsonError(path, 'lone UTF-16 surrogate');
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `${value} is not a JSON number`);
      return;
    case 'boolean':
      return;
    case 'object':
      if (value === null) return;
      if (Array.isArray(value)) {
        value.forEach((item, i) => assertJsonValue(item, `${path}[${i}]`));
        return;
      }
      if (!isPlainObject(value)) throw new CanonicalJsonError(path, 'only plain objects are JSON objects');
      for (const [key, member] of Object.entries(value)) {
        if (member === undefined) continue;
        if (loneSurrogate.test(key)) throw new CanonicalJsonError(path, `key ${JSON.stringify(key)} has a lone surrogate`);
        assertJsonValue(member, path ? `${path}.${key}` : key);
      }
      return;
    default:
      throw new CanonicalJsonError(path, `${typeof value} is not a JSON value`);
  }
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
