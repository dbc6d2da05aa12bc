import { canonicalPermissionName } from '@causeway/authz';

/**
 * Shared copies for the values that repeat across tenants. Every config change arrives as
 * JSON, so without this each tenant holds its own copy of "slack", "active", "owner" and of
 * the five built-in roles' permission lists (a third of the view's memory before).
 *
 * Both tables are bounded: config with arbitrary values (free-text names, unusual scope
 * combinations) stops being shared past the bound instead of growing the tables for ever.
 * Entries are never evicted; a value that outlives its last user costs one table slot.
 */
const MAX_SHARED_STRINGS = 10_000;
const MAX_SHARED_LISTS = 4_096;

const strings = new Map<string, string>();
const lists = new Map<string, readonly string[]>();

/** The shared copy of a low-cardinality string (provider ids, statuses, role and connection names). */
export function shared<T extends string>(value: T): T {
  const known = strings.get(value) as T | undefined;
  if (known !== undefined) return known;
  if (strings.size < MAX_SHARED_STRINGS) strings.set(value, value);
  return value;
}

/**
 * A permission list (role permissions, key scopes) as a frozen list of canonical names,
 * shared with every identical list: the built-in roles are the same in every tenant.
 * Order and unknown names are kept as sent, so what the view hands out equals what arrived.
 */
export function sharedPermissionList(values: readonly string[]): readonly string[] {
  const key = values.join('\n');
  const known = lists.get(key);
  if (known) return known;
  const list = Object.freeze(values.map(canonicalPermissionName));
  if (lists.size < MAX_SHARED_LISTS) lists.set(key, list);
  return list;
}

/** A frozen list (allow-lists), or null. */
export function frozenList(values: string[] | null): readonly string[] | null {
  return values === null ? null : Object.freeze(values);
}

const EMPTY: Readonly<Record<string, string>> = Object.freeze({});

/** A frozen string map, the one shared empty map when it has no entries. */
export function frozenRecord(values: Record<string, string>): Readonly<Record<string, string>> {
  return Object.keys(values).length === 0 ? EMPTY : Object.freeze(values);
}
