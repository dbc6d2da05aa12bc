import type { FastifyReply, FastifyRequest } from 'fastify';

export const SIM_USER = { id: 4242, username: 'causeway-bot', name: 'Causeway Bot', state: 'active', web_url: 'https://gitlab.com/causeway-bot' };

export interface GitLabNote {
  id: number;
  body: string;
  created_at: string;
}

export interface GitLabIssue {
  id: number;
  iid: number;
  title: string;
  description: string | null;
  state: 'opened' | 'closed';
  labels: string[];
  notes: GitLabNote[];
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface GitLabMergeRequest {
  id: number;
  iid: number;
  title: string;
  description: string | null;
  state: 'opened' | 'closed' | 'merged';
  source_branch: string;
  target_branch: string;
  created_at: string;
}

export interface GitLabProject {
  id: number;
  path_with_namespace: string;
  default_branch: string;
  protected_branches: Set<string>;
  branches: Set<string>;
  issues: GitLabIssue[];
  merge_requests: GitLabMergeRequest[];
  /** Issues and merge requests share no counter in GitLab: each has its own iid sequence. */
  next_issue_iid: number;
  next_mr_iid: number;
}

/** Projects by id and by full path; ids of issues, notes and MRs are global as in GitLab. */
export class GitLabData {
  readonly projects: GitLabProject[] = [];
  private nextId = 1000;

  constructor(readonly now: () => string) {}

  id(): number {
    return this.nextId++;
  }

  seed(): GitLabProject {
    const project: GitLabProject = {
      id: 278964,
      path_with_namespace: 'causeway/api',
      default_branch: 'main',
      protected_branches: new Set(['release/1.x']),
      branches: new Set(['main', 'release/1.x', 'feature/retry-uploads', 'feature/merged-work']),
      issues: [],
      merge_requests: [],
      next_issue_iid: 1,
      next_mr_iid: 1,
    };
    this.projects.push(project);
    for (let index = 1; index <= 7; index++) {
      this.addIssue(project, {
        title: `Seeded issue ${index}`,
        description: index === 4 ? 'Upload hits a timeout' : null,
        labels: index % 2 ? ['bug'] : ['feature'],
      });
    }
    const closed = project.issues[1];
    if (closed) closed.state = 'closed';
    return project;
  }

  /** `:id` is a numeric id or a URL-encoded full path. */
  project(idOrPath: string): GitLabProject | undefined {
    const decoded = decodeURIComponent(idOrPath);
    return this.projects.find((project) => String(project.id) === decoded || project.path_with_namespace === decoded);
  }

  addIssue(project: GitLabProject, fields: { title: string; description: string | null; labels: string[] }): GitLabIssue {
    const at = this.now();
    const issue: GitLabIssue = {
      id: this.id(),
      iid: project.next_issue_iid++,
      ...fields,
      state: 'opened',
      notes: [],
      created_at: at,
      updated_at: at,
      closed_at: null,
    };
    project.issues.push(issue);
    return issue;
  }
}

export function renderIssue(project: GitLabProject, issue: GitLabIssue) {
  const { notes, ...fields } = issue;
  return {
    ...fields,
    project_id: project.id,
    author: SIM_USER,
    user_notes_count: notes.length,
    web_url: `https://gitlab.com/${project.path_with_namespace}/-/issues/${issue.iid}`,
  };
}

/**
 * Offset paging as GitLab does it: `page` and `per_page` (default 20, max 100) in; `Link`
 * (next, prev, first, last) and `x-page`, `x-per-page`, `x-next-page`, `x-prev-page`,
 * `x-total`, `x-total-pages` out.
 */
export function gitlabPage<T>(request: FastifyRequest, reply: FastifyReply, items: T[]): T[] {
  const query = request.query as Record<string, string | undefined>;
  const perPage = Math.min(Math.max(Number(query['per_page'] ?? 20) || 20, 1), 100);
  const page = Math.max(Number(query['page'] ?? 1) || 1, 1);
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  const url = new URL(request.url, `http://${request.headers.host}`);
  const at = (target: number) => {
    url.searchParams.set('page', String(target));
    url.searchParams.set('per_page', String(perPage));
    return url.toString();
  };
  const links = [
    ...(page > 1 ? [`<${at(page - 1)}>; rel="prev"`] : []),
    ...(page < totalPages ? [`<${at(page + 1)}>; rel="next"`] : []),
    `<${at(1)}>; rel="first"`,
    `<${at(totalPages)}>; rel="last"`,
  ];
  reply
    .header('link', links.join(', '))
    .header('x-page', String(page))
    .header('x-per-page', String(perPage))
    .header('x-next-page', page < totalPages ? String(page + 1) : '')
    .header('x-prev-page', page > 1 ? String(page - 1) : '')
    .header('x-total', String(items.length))
    .header('x-total-pages', String(totalPages));
  return items.slice((page - 1) * perPage, page * perPage);
}
