import { parse as parseYaml } from 'yaml';

/** The largest document the importer reads; beyond it a spec is refused, not parsed. */
export const MAX_SPEC_BYTES = 40 * 1024 * 1024;

export type SpecFailureCause = 'too_large' | 'unparseable' | 'not_openapi';

export type LoadedSpec =
  { ok: true; document: Record<string, unknown>; version: '2.0' | '3.0' | '3.1' } | { ok: false; cause: SpecFailureCause; message: string };

/** Parses a spec's text (JSON, or YAML when it is not JSON) and says which OpenAPI it is. */
export function loadSpec(text: string): LoadedSpec {
  if (Buffer.byteLength(text) > MAX_SPEC_BYTES) return { ok: false, cause: 'too_large', message: `spec is larger than ${MAX_SPEC_BYTES} bytes` };
  let document: unknown;
  try {
    document = /^\s*\{/.test(text) ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 1000 });
  } catch (error) {
    return { ok: false, cause: 'unparseable', message: (error as Error).message.slice(0, 200) };
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return { ok: false, cause: 'not_openapi', message: 'the document is not an object' };
  }
  const record = document as Record<string, unknown>;
  if (record['swagger'] === '2.0') return { ok: true, document: record, version: '2.0' };
  const openapi = String(record['openapi'] ?? '');
  if (openapi.startsWith('3.0')) return { ok: true, document: record, version: '3.0' };
  if (openapi.startsWith('3.1')) return { ok: true, document: record, version: '3.1' };
  return { ok: false, cause: 'not_openapi', message: `neither swagger 2.0 nor openapi 3.0/3.1 (${openapi || String(record['swagger'] ?? 'no version')})` };
}
