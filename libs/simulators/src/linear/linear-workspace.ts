import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';

export interface LinearUser {
  id: string;
  name: string;
  email: string;
}
export interface LinearTeam {
  id: string;
  key: string;
  name: string;
  issueCount: number;
}
export interface LinearState {
  id: string;
  name: string;
  type: 'triage' | 'backlog' | 'unstarted' | 'started' | 'completed' | 'canceled';
  position: number;
  team: LinearTeam;
}
export interface LinearComment {
  id: string;
  body: string;
  url: string;
  createdAt: string;
  user: LinearUser;
  issueId: string;
}
export interface LinearIssue {
  id: string;
  identifier: string;
  number: number;
  title: string;
  description: string | null;
  priority: number;
  url: string;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
  trashed: boolean | null;
  state: LinearState;
  assignee: LinearUser | null;
  team: LinearTeam;
  comments: LinearComment[];
}

/**
 * Linear's error entries as its API sends them: `message`, and in `extensions` the `code`, the
 * SDK's `type`, whether the user caused it and a message fit to show. The codes are the ones the
 * docs and Linear's SDK name; the wording is the simulator's own.
 */
export const linearErrors = {
  authentication: () =>
    entry('Authentication required, not authenticated', 'AUTHENTICATION_ERROR', 'authentication error', 'You need to authenticate to access this operation.'),
  rateLimited: (limit: number) =>
    entry(`Rate limit exceeded. Only ${limit} requests are allowed per 1 hour.`, 'RATELIMITED', 'ratelimited', 'Too many requests, please try again later.'),
  forbidden: (scope: string) =>
    new GraphQLError(`Invalid scope: \`${scope}\` required`, {
      extensions: entry('', 'FORBIDDEN', 'forbidden', `This operation needs the ${scope} scope.`).extensions,
    }),
  notFound: (what: string) =>
    new GraphQLError(`Entity not found: ${what}`, { extensions: entry('', 'INPUT_ERROR', 'invalid input', `Could not find referenced ${what}.`).extensions }),
  invalidInput: (message: string, field?: string) =>
    new GraphQLError(`Argument Validation Error`, {
      extensions: { ...entry('', 'INPUT_ERROR', 'invalid input', message).extensions, ...(field ? { field } : {}) },
    }),
  internal: () => entry('Internal server error', 'INTERNAL_SERVER_ERROR', 'internal error', 'Something went wrong.'),
};

function entry(message: string, code: string, type: string, userPresentableMessage: string) {
  return { message, extensions: { code, type, userError: code !== 'INTERNAL_SERVER_ERROR', userPresentableMessage } };
}

/** A Relay page: `first` nodes after the node the opaque cursor names. */
export function connection<T extends { id: string }>(
  items: T[],
  args: { first?: number | null; after?: string | null },
): { nodes: T[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null } } {
  const first = args.first ?? 50;
  if (first < 1 || first > 250) throw linearErrors.invalidInput('first must be between 1 and 250.', 'first');
  let start = 0;
  if (args.after) {
    const afterId = decodeCursorId(args.after);
    const index = items.findIndex((item) => item.id === afterId);
    if (index < 0) throw linearErrors.invalidInput('The pagination cursor is not valid.', 'after');
    start = index + 1;
  }
  const nodes = items.slice(start, start + first);
  return {
    nodes,
    pageInfo: {
      hasNextPage: start + first < items.length,
      hasPreviousPage: start > 0,
      startCursor: nodes[0] ? encodeCursorId(nodes[0].id) : null,
      endCursor: nodes.at(-1) ? encodeCursorId((nodes.at(-1) as T).id) : null,
    },
  };
}

const encodeCursorId = (id: string) => Buffer.from(`node:${id}`).toString('base64url');
const decodeCursorId = (cursor: string) => {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  return text.startsWith('node:') ? text.slice(5) : undefined;
};

type Comparator = { eq?: string | null; neq?: string | null; in?: string[] | null; containsIgnoreCase?: string | null };

/** Linear's comparators: every one given must hold. */
export function compare(value: string | null | undefined, comparator: Comparator | null | undefined): boolean {
  if (!comparator) return true;
  if (comparator.eq != null && value !== comparator.eq) return false;
  if (comparator.neq != null && value === comparator.neq) return false;
  if (comparator.in != null && !comparator.in.includes(value ?? '')) return false;
  if (comparator.containsIgnoreCase != null && !(value ?? '').toLowerCase().includes(comparator.containsIgnoreCase.toLowerCase())) return false;
  return true;
}

const STATE_TEMPLATES: Array<Pick<LinearState, 'name' | 'type'>> = [
  { name: 'Backlog', type: 'backlog' },
  { name: 'Todo', type: 'unstarted' },
  { name: 'In Progress', type: 'started' },
  { name: 'Done', type: 'completed' },
  { name: 'Canceled', type: 'canceled' },
];

/** One Linear workspace in memory: users, teams with their workflow states, issues, comments. */
export class LinearWorkspace {
  readonly urlKey = 'causeway-sim';
  readonly viewer: LinearUser = { id: randomUUID(), name: 'Ada Lovelace', email: 'ada@example.com' };
  readonly users: LinearUser[] = [this.viewer, { id: randomUUID(), name: 'Grace Hopper', email: 'grace@example.com' }];
  readonly teams: LinearTeam[] = [];
  readonly states: LinearState[] = [];
  readonly issues: LinearIssue[] = [];
  private syncId = 1000;

  constructor(readonly now: () => string) {
    this.addTeam('ENG', 'Engineering');
    this.addTeam('OPS', 'Operations');
  }

  addTeam(key: string, name: string): LinearTeam {
    const team: LinearTeam = { id: randomUUID(), key, name, issueCount: 0 };
    this.teams.push(team);
    STATE_TEMPLATES.forEach((template, index) => this.states.push({ id: randomUUID(), ...template, position: index, team }));
    return team;
  }

  statesOf(team: LinearTeam): LinearState[] {
    return this.states.filter((state) => state.team.id === team.id);
  }

  /** The state an issue starts in when none is given (the team's first unstarted state). */
  defaultStateOf(team: LinearTeam): LinearState {
    return this.statesOf(team).find((state) => state.type === 'unstarted') as LinearState;
  }

  /** By UUID or by identifier (`ENG-12`), as Linear's `issue(id:)` accepts both. */
  findIssue(ref: string): LinearIssue | undefined {
    const upper = ref.toUpperCase();
    return this.issues.find((issue) => issue.id === ref || issue.identifier === upper);
  }

  createIssue(
    team: LinearTeam,
    fields: { title: string; description?: string | null; priority?: number; assignee?: LinearUser | null; state?: LinearState },
  ): LinearIssue {
    team.issueCount += 1;
    const at = this.now();
    const identifier = `${team.key}-${team.issueCount}`;
    const issue: LinearIssue = {
      id: randomUUID(),
      identifier,
      number: team.issueCount,
      title: fields.title,
      description: fields.description ?? null,
      priority: fields.priority ?? 0,
      url: `https://linear.app/${this.urlKey}/issue/${identifier.toLowerCase()}`,
      createdAt: at,
      updatedAt: at,
      archivedAt: null,
      trashed: null,
      state: fields.state ?? this.defaultStateOf(team),
      assignee: fields.assignee ?? null,
      team,
      comments: [],
    };
    this.issues.push(issue);
    return issue;
  }

  seed(count: number): void {
    const team = this.teams[0] as LinearTeam;
    for (let index = 1; index <= count; index++) this.createIssue(team, { title: `Seeded issue ${index}`, priority: (index % 4) + 1 });
  }

  nextSyncId(): number {
    this.syncId += 1;
    return this.syncId;
  }
}
