import MiniSearch, { type Query } from 'minisearch';
import type { CatalogTool } from './tool-catalog';

/** What the index holds per tool: the fields ranked on, and nothing stored (results point back by name). */
interface SearchDocument {
  name: string;
  title: string;
  summary: string;
  usage: string;
  provider: string;
}

/**
 * Name and title say what a tool is; a match there counts most. The provider is a strong hint
 * when the task names the product ("in Zendesk"); description and usage carry the rest.
 */
const BOOST: Record<keyof SearchDocument, number> = { name: 3, title: 3, provider: 2, summary: 1, usage: 0.6 };

/** Words that carry no intent in a task description; left in, they match every tool. */
const STOPWORDS = new Set(
  'a an and are as at be by for from in into is it its of on or that the this to with my our your me we i some any all new one please want need can how do'.split(
    ' ',
  ),
);

/**
 * Words a task is often phrased with that the vendors' own texts spell differently. Applied to
 * the query only, at half weight, so a tool using the task's own word still ranks first.
 */
const SYNONYMS: Record<string, readonly string[]> = {
  ticket: ['issue', 'incident', 'case'],
  issue: ['ticket'],
  bug: ['issue'],
  close: ['resolve', 'complete', 'transition', 'solved'],
  resolve: ['close', 'solved'],
  finish: ['complete', 'close'],
  done: ['complete', 'close'],
  message: ['post', 'chat'],
  send: ['post', 'create'],
  remove: ['delete', 'archive'],
  delete: ['archive', 'remove', 'cancel'],
  find: ['search', 'list', 'query'],
  look: ['search', 'get'],
  read: ['get', 'list'],
  note: ['comment'],
  comment: ['note', 'reply'],
  reply: ['comment'],
  page: ['incident'],
  customer: ['contact'],
  contact: ['customer'],
  document: ['page'],
  doc: ['page'],
  task: ['issue'],
  refund: ['payment'],
};
const SYNONYM_WEIGHT = 0.5;

/** Lower case, no stopwords, and a light plural/suffix fold so `tickets` meets `ticket`. */
export function normaliseTerm(term: string): string | null {
  const lower = term.toLowerCase();
  if (lower.length < 2 || STOPWORDS.has(lower)) return null;
  if (lower.length > 4 && lower.endsWith('ies')) return `${lower.slice(0, -3)}y`;
  if (lower.length > 3 && lower.endsWith('s') && !lower.endsWith('ss')) return lower.slice(0, -1);
  return lower;
}

const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];

export interface SearchHit {
  name: string;
  score: number;
}

/**
 * A ranked full-text index over one catalog version (MiniSearch: BM25 with prefix and fuzzy
 * matching, in memory, no network and no model). Built once per catalog version by
 * `toolCatalog`; a query only reads it.
 */
export class ToolSearchIndex {
  private constructor(private readonly index: MiniSearch<SearchDocument>) {}

  static build(tools: readonly CatalogTool[]): ToolSearchIndex {
    const index = new MiniSearch<SearchDocument>({
      idField: 'name',
      fields: ['name', 'title', 'summary', 'usage', 'provider'],
      storeFields: [],
      processTerm: normaliseTerm,
    });
    index.addAll(
      tools.map((tool) => ({
        name: tool.descriptor.name,
        title: tool.descriptor.title,
        summary: tool.summary,
        usage: tool.usage,
        provider: `${tool.provider} ${tool.providerName}`,
      })),
    );
    return new ToolSearchIndex(index);
  }

  get size(): number {
    return this.index.documentCount;
  }

  /** Tool names best first, only those `include` accepts; an empty answer when nothing matches. */
  search(text: string, include: (name: string) => boolean): SearchHit[] {
    const terms = tokenize(text)
      .map(normaliseTerm)
      .filter((t): t is string => t !== null);
    if (terms.length === 0) return [];
    const synonyms = [...new Set(terms.flatMap((t) => SYNONYMS[t] ?? []))].filter((s) => !terms.includes(s));
    const queries: Query[] = [{ queries: terms, combineWith: 'OR' }];
    if (synonyms.length > 0) queries.push({ queries: synonyms, combineWith: 'OR', prefix: false, fuzzy: false, boostTerm: () => SYNONYM_WEIGHT });
    const results = this.index.search(
      { queries, combineWith: 'OR' },
      {
        boost: BOOST,
        // Prefix for a half-typed word ("transi"); fuzzy only on longer words, where one typo is not another word.
        prefix: (term) => term.length >= 3,
        fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
        filter: (result) => include(result.id as string),
      },
    );
    return results.map((r) => ({ name: r.id as string, score: r.score }));
  }
}
