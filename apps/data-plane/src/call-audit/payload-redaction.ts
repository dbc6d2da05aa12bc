/**
 * What a call audit event may carry of a call's input and result when the tenant opted in
 * (`auditPayloads: redacted`). Values under secret-looking keys, and strings that look like
 * credentials wherever they are, are replaced; long strings, big arrays, deep nesting and large
 * payloads are cut, so an audit event stays small and a trail never becomes a second copy of
 * the tenant's data or of anyone's token.
 */

export const REDACTED = '[redacted]';

/** Key names (lower case, without `-` and `_`) whose values are always replaced. */
const SECRET_KEY_PARTS = ['password', 'passwd', 'secret', 'token', 'authorization', 'apikey', 'cookie', 'privatekey', 'credential', 'signature', 'sessionid'];

/**
 * Credential shapes seen in vendor payloads, found anywhere inside a string: Slack (`xox?-`,
 * `xapp-`), GitHub (`gh?_`, `github_pat_`), Causeway API keys (`cw_`), JWTs, and the value of
 * bearer/basic credentials (8 characters or more). Each is replaced where it stands, so a message that quotes a token
 * keeps its words and loses the token.
 */
const SECRET_IN_TEXT =
  /\b(?:xox[abposr]-[\w-]+|xapp-[\w-]+|gh[pousr]_\w+|github_pat_\w+|cw_[a-z0-9][\w-]*|eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*)|(?<=\b(?:bearer|basic)\s+)[\w.~+/=-]{8,}/gi;
/** A PEM private key is replaced whole. */
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

export interface RedactionLimits {
  maxStringChars: number;
  maxArrayItems: number;
  maxDepth: number;
  /** Largest serialized payload kept; a larger one is replaced by its size. */
  maxBytes: number;
}

export const DEFAULT_REDACTION_LIMITS: RedactionLimits = { maxStringChars: 1000, maxArrayItems: 50, maxDepth: 8, maxBytes: 16 * 1024 };

const normalize = (key: string) => key.toLowerCase().replace(/[-_]/g, '');

export function redactPayload(value: unknown, extraFields: readonly string[] = [], limits: RedactionLimits = DEFAULT_REDACTION_LIMITS): unknown {
  const extra = new Set(extraFields.map(normalize));
  const isSecretKey = (key: string) => {
    const k = normalize(key);
    return extra.has(k) || SECRET_KEY_PARTS.some((part) => k.includes(part));
  };
  const walk = (node: unknown, depth: number): unknown => {
    if (typeof node === 'string') {
      if (PRIVATE_KEY.test(node)) return REDACTED;
      const text = node.replace(SECRET_IN_TEXT, REDACTED);
      return text.length > limits.maxStringChars ? `${text.slice(0, limits.maxStringChars)}…[+${text.length - limits.maxStringChars} chars]` : text;
    }
    if (node === null || typeof node !== 'object') return typeof node === 'number' || typeof node === 'boolean' ? node : node === null ? null : undefined;
    if (depth >= limits.maxDepth) return '[nested too deep]';
    if (Array.isArray(node)) {
      const items = node.slice(0, limits.maxArrayItems).map((item) => walk(item, depth + 1));
      if (node.length > limits.maxArrayItems) items.push(`[+${node.length - limits.maxArrayItems} items]`);
      return items;
    }
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) out[key] = isSecretKey(key) ? REDACTED : walk(child, depth + 1);
    return out;
  };
  const redacted = walk(value, 0);
  const bytes = Buffer.byteLength(JSON.stringify(redacted) ?? '');
  return bytes > limits.maxBytes ? `[omitted: ${bytes} bytes after redaction]` : redacted;
}
