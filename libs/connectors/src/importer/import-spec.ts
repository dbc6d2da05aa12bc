import type { ActionDefinition } from '../definition/action';
import type { ProviderDefinition } from '../definition/provider';
import { validateProviderDefinition } from '../definition/catalog-validator';
import { buildAction, deriveName, isHttps, operationKey } from './build-action';
import { defaultProviderFacts } from './default-provider-facts';
import { loadSpec, type SpecFailureCause } from './load-spec';
import { normalizeSpec, type SpecOperation } from './normalize-spec';
import { overlaySchema, type Overlay } from './overlay';

export type ImportFailureCause = SpecFailureCause | 'bad_overlay' | 'no_server' | 'no_provenance' | 'no_operations' | 'rejected_by_catalog_check';

export interface ImportedProvider {
  provider: ProviderDefinition;
  /** Operations with no action, and why (a HEAD operation, an overlay naming none). */
  skipped: string[];
  /** Overlay keys that match no operation of the spec: a curation gone stale. */
  unmatched: string[];
}

export type ImportResult = { ok: true; value: ImportedProvider } | { ok: false; cause: ImportFailureCause; message: string; detail?: string };

export interface ImportOptions {
  /** Recorded as every definition's `sourceFile` (the spec's path, as committed). */
  sourceFile: string;
  /** The provider id when the overlay is the default one (the corpus: the spec's directory name). */
  fallbackId?: string;
  /**
   * Where the spec was read from, cited when the spec names no https page of its own (the
   * corpus run: the npm package page of the version it unpacked).
   */
  readFrom?: string;
}

/**
 * Spec + overlay -> a provider definition the catalog check accepts, or the cause it cannot.
 * Pure: no file or network access, so it runs the same in the CLI, the tests and the corpus run.
 */
export function importSpec(specText: string, overlayInput: unknown | undefined, options: ImportOptions): ImportResult {
  const loaded = loadSpec(specText);
  if (!loaded.ok) return { ok: false, cause: loaded.cause, message: loaded.message };
  const spec = normalizeSpec(loaded.document, loaded.version);

  let overlay: Overlay;
  if (overlayInput === undefined) {
    const facts = defaultProviderFacts(spec, options.fallbackId ?? spec.title, options.readFrom);
    if ('error' in facts) return { ok: false, cause: 'no_provenance', message: facts.error };
    overlay = { provider: facts.facts, include: 'all', version: '1.0.0', operations: {} };
  } else {
    const parsed = overlaySchema.safeParse(overlayInput);
    if (!parsed.success)
      return { ok: false, cause: 'bad_overlay', message: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') };
    overlay = parsed.data;
  }

  const serverUrl = overlay.provider.servers?.['default']?.url ?? spec.servers[0];
  if (!serverUrl) return { ok: false, cause: 'no_server', message: 'the spec names no absolute server URL and the overlay gives none' };
  const docsUrl = overlay.provider.docsUrl;
  if (!isHttps(docsUrl)) return { ok: false, cause: 'no_provenance', message: 'the overlay needs an https docsUrl' };
  const servers = overlay.provider.servers ?? {
    default: { url: serverUrl, description: `${spec.title} API as its OpenAPI description states.`, source: docsUrl },
  };
  const hosts = overlay.provider.hosts ?? hostsOf(Object.values(servers).map((server) => server.url));

  const supplied = new Set<string>(Object.keys(overlay.provider.defaultHeaders ?? {}).map((name) => name.toLowerCase()));
  for (const mode of overlay.provider.authModes) if ('inject' in mode) supplied.add(mode.inject.name.toLowerCase());
  const skipped = [...spec.skipped];
  const actions: ActionDefinition[] = [];
  const usedNames = new Set<string>();
  const matched = new Set<string>();
  for (const operation of spec.operations) {
    const key = operationKey(operation);
    const curated = overlay.operations[key];
    if (curated) matched.add(key);
    else if (overlay.include === 'listed') continue;
    const name = uniqueName(curated?.name ?? deriveName(operation), usedNames);
    actions.push(
      buildAction(operation, curated ?? {}, name, {
        providerId: overlay.provider.id,
        apiTitle: spec.title,
        version: overlay.version,
        docsUrl,
        sourceFile: options.sourceFile,
        supplied,
      }),
    );
  }
  const unmatched = Object.keys(overlay.operations).filter((key) => !matched.has(key));
  const provider: ProviderDefinition = {
    ...overlay.provider,
    servers,
    hosts,
    connectionParams: overlay.provider.connectionParams ?? {},
    actions,
    sourceFile: options.sourceFile,
  };
  if (actions.length === 0) return { ok: false, cause: 'no_operations', message: `no operation became an action (${spec.operations.length} in the spec)` };

  const problems = validateProviderDefinition(provider);
  if (problems.length > 0) {
    const first = problems[0] as (typeof problems)[number];
    return {
      ok: false,
      cause: 'rejected_by_catalog_check',
      message: problems
        .slice(0, 3)
        .map((problem) => `${problem.field}: ${problem.message}`)
        .join('; '),
      // The kind of problem without the names in it, so a corpus run can count problems by kind.
      detail: `${first.field.replace(/properties\.[^.]+/g, 'properties.*').replace(/\[\d+\]/g, '[]')}: ${first.message.split(':')[0]}`,
    };
  }
  return { ok: true, value: { provider, skipped, unmatched } };
}

function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let suffix = 2; used.has(candidate); suffix++) candidate = `${name}_${suffix}`;
  used.add(candidate);
  return candidate;
}

function hostsOf(urls: string[]): string[] {
  return [
    ...new Set(
      urls.flatMap((url) => {
        try {
          return [new URL(url).hostname.toLowerCase()];
        } catch {
          return [];
        }
      }),
    ),
  ];
}

export type { SpecOperation };
