import type { Clock } from '../common/clock';

export interface JiraUser {
  accountId: string;
  displayName: string;
  emailAddress: string;
}

export interface JiraStatus {
  id: string;
  name: string;
  category: { id: number; key: 'new' | 'indeterminate' | 'done'; colorName: string; name: string };
}

export interface JiraTransition {
  id: string;
  name: string;
  from: string[];
  to: string;
}

export interface JiraComment {
  id: string;
  author: JiraUser;
  body: unknown;
  created: number;
  updated: number;
}

export interface JiraIssue {
  id: string;
  key: string;
  projectKey: string;
  issueTypeId: string;
  summary: string;
  description: unknown;
  statusId: string;
  priorityId: string;
  assignee: JiraUser | null;
  reporter: JiraUser;
  labels: string[];
  parentKey?: string;
  created: number;
  updated: number;
  comments: JiraComment[];
}

export interface JiraProject {
  id: string;
  key: string;
  name: string;
  /** Projects the simulated user may not browse answer 404, as Jira does. */
  visible: boolean;
}

export const STATUSES: JiraStatus[] = [
  { id: '10000', name: 'To Do', category: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' } },
  { id: '3', name: 'In Progress', category: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' } },
  { id: '10001', name: 'Done', category: { id: 3, key: 'done', colorName: 'green', name: 'Done' } },
];

/** Transition IDs depend on the current status, as in a real workflow. */
export const TRANSITIONS: JiraTransition[] = [
  { id: '11', name: 'Start progress', from: ['10000'], to: '3' },
  { id: '21', name: 'Stop progress', from: ['3'], to: '10000' },
  { id: '31', name: 'Done', from: ['10000', '3'], to: '10001' },
  { id: '41', name: 'Reopen', from: ['10001'], to: '10000' },
];

export const ISSUE_TYPES = [
  { id: '10001', name: 'Task', subtask: false },
  { id: '10002', name: 'Bug', subtask: false },
  { id: '10003', name: 'Story', subtask: false },
  { id: '10004', name: 'Subtask', subtask: true },
];

export const PRIORITIES = [
  { id: '1', name: 'Highest' },
  { id: '2', name: 'High' },
  { id: '3', name: 'Medium' },
  { id: '4', name: 'Low' },
  { id: '5', name: 'Lowest' },
];

export const AGENT_USER: JiraUser = { accountId: '5b10a2844c20165700ede21g', displayName: 'Ada Agent', emailAddress: 'ada@causeway-demo.example' };
export const OTHER_USER: JiraUser = { accountId: '5b109f2e9729b51b54dc274d', displayName: 'Grace Hopper', emailAddress: 'grace@causeway-demo.example' };

export interface JiraSite {
  cloudId: string;
  name: string;
  url: string;
}

export const DEFAULT_SITE: JiraSite = {
  cloudId: '1324a887-45db-1bf4-1e99-ef0ff456d421',
  name: 'causeway-demo',
  url: 'https://causeway-demo.atlassian.net',
};

/** One Jira site's content. */
export class JiraSiteData {
  readonly projects = new Map<string, JiraProject>();
  readonly issues = new Map<string, JiraIssue>();
  readonly users = new Map<string, JiraUser>([AGENT_USER, OTHER_USER].map((user) => [user.accountId, user]));
  private nextIssueId = 10000;
  private nextCommentId = 10000;
  private readonly counters = new Map<string, number>();

  constructor(
    readonly site: JiraSite,
    private readonly clock: Clock,
    seedIssues = true,
  ) {
    this.addProject({ id: '10000', key: 'OPS', name: 'Operations', visible: true });
    this.addProject({ id: '10001', key: 'WEB', name: 'Website', visible: true });
    this.addProject({ id: '10002', key: 'SEC', name: 'Security (restricted)', visible: false });
    if (seedIssues) this.seed();
  }

  addProject(project: JiraProject): void {
    this.projects.set(project.key, project);
  }

  createIssue(fields: Omit<JiraIssue, 'id' | 'key' | 'created' | 'updated' | 'comments'>): JiraIssue {
    const number = (this.counters.get(fields.projectKey) ?? 0) + 1;
    this.counters.set(fields.projectKey, number);
    const now = this.clock.now();
    const issue: JiraIssue = { ...fields, id: String(this.nextIssueId++), key: `${fields.projectKey}-${number}`, created: now, updated: now, comments: [] };
    this.issues.set(issue.key, issue);
    return issue;
  }

  /** By key or numeric id; `undefined` when missing or not visible to the user. */
  find(idOrKey: string): JiraIssue | undefined {
    const issue = this.issues.get(idOrKey.toUpperCase()) ?? [...this.issues.values()].find((candidate) => candidate.id === idOrKey);
    return issue && this.projects.get(issue.projectKey)?.visible ? issue : undefined;
  }

  addComment(issue: JiraIssue, body: unknown, author: JiraUser): JiraComment {
    const now = this.clock.now();
    const comment: JiraComment = { id: String(this.nextCommentId++), author, body, created: now, updated: now };
    issue.comments.push(comment);
    issue.updated = now;
    return comment;
  }

  private seed(): void {
    const text = (value: string) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: value }] }] });
    const base = { issueTypeId: '10001', description: null, priorityId: '3', assignee: null, reporter: OTHER_USER, labels: [] as string[] };
    const seeds: Array<Partial<JiraIssue> & { projectKey: string; summary: string }> = [
      { projectKey: 'OPS', summary: 'Rotate database credentials', statusId: '10000', labels: ['security'] },
      {
        projectKey: 'OPS',
        summary: 'Checkout latency above SLO',
        issueTypeId: '10002',
        statusId: '3',
        priorityId: '2',
        assignee: AGENT_USER,
        description: text('p99 checkout latency is 2.3 s.'),
      },
      { projectKey: 'OPS', summary: 'Upgrade Kafka to 3.9', statusId: '10000' },
      { projectKey: 'OPS', summary: 'Add alert for disk usage', statusId: '10001' },
      { projectKey: 'OPS', summary: 'Document on-call handover', statusId: '10000', assignee: AGENT_USER },
      { projectKey: 'WEB', summary: 'Broken link on pricing page', issueTypeId: '10002', statusId: '10000' },
      { projectKey: 'WEB', summary: 'New landing page', issueTypeId: '10003', statusId: '3' },
      { projectKey: 'SEC', summary: 'Pen-test findings', statusId: '10000' },
    ];
    for (const seed of seeds) {
      this.createIssue({ ...base, statusId: '10000', ...seed } as Omit<JiraIssue, 'id' | 'key' | 'created' | 'updated' | 'comments'>);
    }
    const parent = this.issues.get('OPS-3');
    if (parent) {
      this.createIssue({ ...base, projectKey: 'OPS', issueTypeId: '10004', summary: 'Test the upgrade in staging', statusId: '10000', parentKey: parent.key });
    }
  }
}
