import { ISSUE_TYPES, PRIORITIES, STATUSES, TRANSITIONS, type JiraIssue, type JiraSiteData, type JiraUser } from './jira-site';

/** How Jira writes its resources: issues with a field selection, statuses, transitions, users, dates, ADF. */
export interface FieldSelection {
  idOnly: boolean;
  all: boolean;
  names: string[];
  excluded: Set<string>;
}

export function parseFieldList(raw: string | undefined, fallback: string[]): FieldSelection {
  const entries = raw
    ? raw
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean)
    : fallback;
  const excluded = new Set(entries.filter((entry) => entry.startsWith('-')).map((entry) => entry.slice(1)));
  const included = entries.filter((entry) => !entry.startsWith('-'));
  const all = included.includes('*all') || included.includes('*navigable');
  const names = included.filter((entry) => entry !== 'id' && !entry.startsWith('*'));
  return { idOnly: !all && names.length === 0, all, names, excluded };
}

export function availableTransitions(issue: JiraIssue) {
  return TRANSITIONS.filter((transition) => transition.from.includes(issue.statusId));
}

export function renderTransition(transition: (typeof TRANSITIONS)[number]) {
  return {
    id: transition.id,
    name: transition.name,
    to: renderStatus(transition.to),
    hasScreen: false,
    isGlobal: false,
    isInitial: false,
    isAvailable: true,
    isConditional: false,
    isLooped: false,
  };
}

export function renderStatus(statusId: string) {
  const status = STATUSES.find((candidate) => candidate.id === statusId) ?? (STATUSES[0] as (typeof STATUSES)[number]);
  return { id: status.id, name: status.name, statusCategory: status.category };
}

export function renderUser(user: JiraUser) {
  return { accountId: user.accountId, displayName: user.displayName, active: true, accountType: 'atlassian' };
}

/** Jira's timestamp format: `2021-01-17T12:34:00.000+0000`. */
export function jiraDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}

export function isAdfDocument(value: unknown): boolean {
  const doc = value as { type?: unknown; version?: unknown; content?: unknown } | null;
  return (
    typeof doc === 'object' &&
    doc !== null &&
    doc.type === 'doc' &&
    doc.version === 1 &&
    Array.isArray(doc.content) &&
    doc.content.every((node) => typeof node === 'object' && node !== null && typeof (node as { type?: unknown }).type === 'string')
  );
}

export function renderIssue(data: JiraSiteData, issue: JiraIssue, fields: FieldSelection, selfBase: string): Record<string, unknown> {
  const all: Record<string, () => unknown> = {
    summary: () => issue.summary,
    status: () => renderStatus(issue.statusId),
    issuetype: () => ISSUE_TYPES.find((type) => type.id === issue.issueTypeId),
    project: () => {
      const project = data.projects.get(issue.projectKey);
      return project && { id: project.id, key: project.key, name: project.name };
    },
    priority: () => PRIORITIES.find((priority) => priority.id === issue.priorityId),
    assignee: () => (issue.assignee ? renderUser(issue.assignee) : null),
    reporter: () => renderUser(issue.reporter),
    created: () => jiraDate(issue.created),
    updated: () => jiraDate(issue.updated),
    description: () => issue.description,
    labels: () => issue.labels,
    parent: () => (issue.parentKey ? { key: issue.parentKey } : undefined),
    subtasks: () => [...data.issues.values()].filter((candidate) => candidate.parentKey === issue.key).map((sub) => ({ id: sub.id, key: sub.key })),
    comment: () => ({
      comments: issue.comments.map((comment) => ({
        id: comment.id,
        author: renderUser(comment.author),
        body: comment.body,
        created: jiraDate(comment.created),
      })),
      total: issue.comments.length,
    }),
  };
  const names = fields.all ? Object.keys(all).filter((name) => !fields.excluded.has(name)) : fields.names.filter((name) => name in all);
  const rendered: Record<string, unknown> = {};
  for (const name of names) {
    const value = all[name]?.();
    if (value !== undefined) rendered[name] = value;
  }
  const base = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: `${selfBase}/rest/api/3/issue/${issue.id}`,
    key: issue.key,
  };
  return fields.idOnly ? base : { ...base, fields: rendered };
}
