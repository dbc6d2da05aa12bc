import type { FastifyRequest } from 'fastify';

export const SIM_USER = { gid: '1100000000000001', resource_type: 'user', name: 'Causeway Bot', email: 'bot@example.com' };
export const WORKSPACE_GID = '1331';

export interface AsanaStory {
  gid: string;
  text: string;
  created_at: string;
}

export interface AsanaTask {
  gid: string;
  name: string;
  notes: string;
  completed: boolean;
  completed_at: string | null;
  due_on: string | null;
  assignee: string | null;
  projects: string[];
  stories: AsanaStory[];
  created_at: string;
}

export interface AsanaProject {
  gid: string;
  name: string;
  archived: boolean;
}

/** One workspace: projects and tasks by gid; deleted tasks leave the map. */
export class AsanaWorkspace {
  readonly projects: AsanaProject[] = [];
  readonly tasks = new Map<string, AsanaTask>();
  private next = 1200000000000001;

  constructor(readonly now: () => string) {}

  gid(): string {
    return String(this.next++);
  }

  seed(taskCount: number): AsanaProject {
    const launch = { gid: this.gid(), name: 'Q3 launch', archived: false };
    this.projects.push(launch, { gid: this.gid(), name: 'Website refresh', archived: false }, { gid: this.gid(), name: 'Old intranet', archived: true });
    for (let index = 1; index <= taskCount; index++) this.addTask({ name: `Seeded task ${index}`, projects: [launch.gid], completed: index === 1 });
    return launch;
  }

  addTask(fields: { name: string; projects: string[]; notes?: string; completed?: boolean; due_on?: string | null; assignee?: string | null }): AsanaTask {
    const at = this.now();
    const task: AsanaTask = {
      gid: this.gid(),
      name: fields.name,
      notes: fields.notes ?? '',
      completed: fields.completed ?? false,
      completed_at: fields.completed ? at : null,
      due_on: fields.due_on ?? null,
      assignee: fields.assignee ?? null,
      projects: fields.projects,
      stories: [],
      created_at: at,
    };
    this.tasks.set(task.gid, task);
    return task;
  }
}

/** `opt_fields` names extra fields; without it Asana returns compact records. */
export function renderTask(task: AsanaTask, optFields: string[] | undefined, full = false) {
  const everything: Record<string, unknown> = {
    gid: task.gid,
    resource_type: 'task',
    resource_subtype: 'default_task',
    name: task.name,
    notes: task.notes,
    completed: task.completed,
    completed_at: task.completed_at,
    due_on: task.due_on,
    assignee: task.assignee ? { gid: task.assignee, resource_type: 'user', name: SIM_USER.name } : null,
    projects: task.projects.map((gid) => ({ gid, resource_type: 'project' })),
    created_at: task.created_at,
    permalink_url: `https://app.asana.com/0/${task.projects[0] ?? '0'}/${task.gid}`,
  };
  if (full) return everything;
  const wanted = new Set(['gid', 'resource_type', 'name', 'resource_subtype', ...(optFields ?? []).map((field) => field.split('.')[0] as string)]);
  return Object.fromEntries(Object.entries(everything).filter(([key]) => wanted.has(key)));
}

/**
 * Asana paging: only with `limit` (1–100); `offset` is an opaque token; `next_page` holds the
 * next `offset`, `path` and `uri`, and is null on the last page.
 */
export function asanaPage<T>(
  request: FastifyRequest,
  items: T[],
): { data: T[]; next_page?: { offset: string; path: string; uri: string } | null } | { invalid: string } {
  const query = request.query as Record<string, string | undefined>;
  if (query['limit'] === undefined) return { data: items };
  const limit = Number(query['limit']);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return { invalid: 'limit: Must be between 1 and 100' };
  let start = 0;
  if (query['offset']) {
    const decoded = Number(
      Buffer.from(query['offset'], 'base64url')
        .toString('utf8')
        .replace(/^offset:/, ''),
    );
    if (!Number.isInteger(decoded)) return { invalid: 'offset: Your pagination token is invalid.' };
    start = decoded;
  }
  const data = items.slice(start, start + limit);
  if (start + limit >= items.length) return { data, next_page: null };
  const offset = Buffer.from(`offset:${start + limit}`).toString('base64url');
  const url = new URL(request.url, `http://${request.headers.host}`);
  url.searchParams.set('offset', offset);
  const path = `${url.pathname.replace(/^\/api\/1\.0/, '')}${url.search}`;
  return { data, next_page: { offset, path, uri: `https://app.asana.com/api/1.0${path}` } };
}
