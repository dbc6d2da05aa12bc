import { createHash } from 'node:crypto';

export interface GitHubUser {
  login: string;
  id: number;
}

export interface GitHubIssue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  user: GitHubUser;
  labels: string[];
  assignees: string[];
  comments: Array<{ id: number; body: string; user: GitHubUser; createdAt: string }>;
  createdAt: string;
  updatedAt: string;
  /** Set when the item is a pull request (they share issue numbers). */
  pull?: { head: string; base: string; draft: boolean; pullId: number };
}

export interface GitHubRepo {
  id: number;
  owner: string;
  name: string;
  private: boolean;
  hasIssues: boolean;
  defaultBranch: string;
  /** branch -> (path -> file content) */
  branches: Map<string, Map<string, string>>;
  issues: GitHubIssue[];
}

export const SIM_USER: GitHubUser = { login: 'causeway-bot', id: 583231 };
const OTHER: GitHubUser = { login: 'octocat', id: 1 };

/** Git's blob id: SHA-1 of `blob <size>\0<content>`. */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]))
    .digest('hex');
}

export class GitHubData {
  readonly repos = new Map<string, GitHubRepo>();
  private nextId = 1_000_000;

  constructor(
    private readonly now: () => number,
    seed = true,
  ) {
    if (seed) this.seed();
  }

  repo(owner: string, name: string): GitHubRepo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  repoById(id: number): GitHubRepo | undefined {
    return [...this.repos.values()].find((repo) => repo.id === id);
  }

  addRepo(repo: Omit<GitHubRepo, 'issues'>): GitHubRepo {
    const full: GitHubRepo = { ...repo, issues: [] };
    this.repos.set(`${repo.owner}/${repo.name}`.toLowerCase(), full);
    return full;
  }

  id(): number {
    return this.nextId++;
  }

  timestamp(offsetMs = 0): string {
    return new Date(this.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  addIssue(repo: GitHubRepo, fields: Partial<GitHubIssue> & { title: string }, offsetMs = 0): GitHubIssue {
    const timestamp = this.timestamp(offsetMs);
    const issue: GitHubIssue = {
      id: this.id(),
      number: repo.issues.length + 1,
      body: null,
      state: 'open',
      user: SIM_USER,
      labels: [],
      assignees: [],
      comments: [],
      createdAt: timestamp,
      updatedAt: timestamp,
      ...fields,
    };
    repo.issues.push(issue);
    return issue;
  }

  private seed(): void {
    const files = new Map<string, string>([
      ['README.md', '# api\n\nThe Causeway demo API.\n'],
      ['docs/README.md', '# Docs\n\nHow to run the API locally:\n\n    npm start\n'],
      ['docs/obsolete.md', 'This page is obsolete.\n'],
      ['src/index.ts', "export const hello = () => 'world';\n"],
    ]);
    const feature = new Map(files);
    feature.set('src/retry.ts', 'export const retries = 3;\n');
    const api = this.addRepo({
      id: 1300192,
      owner: 'causeway-demo',
      name: 'api',
      private: false,
      hasIssues: true,
      defaultBranch: 'main',
      branches: new Map([
        ['main', files],
        ['feature/retry-uploads', feature],
        ['feature/empty', new Map(files)],
      ]),
    });
    const titles = [
      'Upload fails over 2 GB',
      'Docs typo',
      'Add retries',
      'Flaky test in CI',
      'Rate limiter ignores Retry-After',
      'Support GitHub Apps',
      'Upgrade Node',
      'Dark mode',
      'Crash on empty config',
      'Improve logging',
      'Slow startup',
      'Add metrics',
    ];
    titles.forEach((title, index) => {
      this.addIssue(
        api,
        { title, labels: index % 3 === 0 ? ['bug'] : ['enhancement'], user: index % 2 ? OTHER : SIM_USER, state: index === 3 ? 'closed' : 'open' },
        index * 60_000,
      );
    });
    this.addIssue(api, { title: 'WIP: new auth', pull: { head: 'feature/auth', base: 'main', draft: true, pullId: this.id() } }, titles.length * 60_000);

    this.addRepo({
      id: 1300200,
      owner: 'causeway-demo',
      name: 'secret',
      private: true,
      hasIssues: true,
      defaultBranch: 'main',
      branches: new Map([['main', new Map([['keys.txt', 'nope\n']])]]),
    });
    this.addRepo({
      id: 1300201,
      owner: 'causeway-demo',
      name: 'archive',
      private: false,
      hasIssues: false,
      defaultBranch: 'main',
      branches: new Map([['main', new Map()]]),
    });
  }
}
