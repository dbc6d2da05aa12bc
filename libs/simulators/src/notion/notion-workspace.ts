import { randomUUID } from 'node:crypto';

export interface NotionBlock {
  id: string;
  type: string;
  text: string;
  archived: boolean;
}

export interface NotionPage {
  id: string;
  parent: { type: 'page_id'; page_id: string } | { type: 'database_id'; database_id: string } | { type: 'workspace'; workspace: true };
  title: string;
  /** Database rows: extra typed properties (select, checkbox) besides the title. */
  values: Record<string, { type: 'select'; name: string } | { type: 'checkbox'; checked: boolean }>;
  archived: boolean;
  /** Whether a user shared it (or an ancestor) with the integration. */
  shared: boolean;
  blocks: NotionBlock[];
  created_time: string;
  last_edited_time: string;
}

export interface NotionDatabase {
  id: string;
  title: string;
  /** Property name → type; the title property is `Name`. */
  schema: Record<string, 'title' | 'select' | 'checkbox'>;
  shared: boolean;
  last_edited_time: string;
}

/** Dashes are optional in Notion ids; compare them normalised. */
export const normaliseId = (id: string) => {
  const hex = id.replace(/-/g, '').toLowerCase();
  return hex.length === 32 ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` : id;
};

/** A workspace as the integration sees it: only shared pages and databases are visible. */
export class NotionWorkspace {
  readonly pages = new Map<string, NotionPage>();
  readonly databases = new Map<string, NotionDatabase>();

  constructor(private readonly now: () => string) {}

  seed(): { wikiId: string; tasksId: string; privateId: string } {
    const wiki = this.addPage({
      parent: { type: 'workspace', workspace: true },
      title: 'Team wiki',
      blocks: ['Welcome to the wiki.', 'Read the onboarding guide first.', 'Ask in #help.'],
    });
    const privateNotes = this.addPage({
      parent: { type: 'workspace', workspace: true },
      title: 'Private notes',
      shared: false,
      blocks: ['Not for the integration.'],
    });
    const tasks: NotionDatabase = {
      id: randomUUID(),
      title: 'Tasks',
      schema: { Name: 'title', Status: 'select', Done: 'checkbox' },
      shared: true,
      last_edited_time: this.now(),
    };
    this.databases.set(tasks.id, tasks);
    const rows: Array<[string, string, boolean]> = [
      ['Write spec', 'Done', true],
      ['Build simulator', 'In progress', false],
      ['Ship', 'Not started', false],
    ];
    for (const [title, status, done] of rows) {
      this.addPage({
        parent: { type: 'database_id', database_id: tasks.id },
        title,
        values: { Status: { type: 'select', name: status }, Done: { type: 'checkbox', checked: done } },
      });
    }
    return { wikiId: wiki.id, tasksId: tasks.id, privateId: privateNotes.id };
  }

  addPage(fields: { parent: NotionPage['parent']; title: string; values?: NotionPage['values']; shared?: boolean; blocks?: string[] }): NotionPage {
    const at = this.now();
    const page: NotionPage = {
      id: randomUUID(),
      parent: fields.parent,
      title: fields.title,
      values: fields.values ?? {},
      archived: false,
      shared: fields.shared ?? true,
      blocks: [],
      created_time: at,
      last_edited_time: at,
    };
    for (const text of fields.blocks ?? []) this.appendParagraph(page, text);
    this.pages.set(page.id, page);
    return page;
  }

  appendParagraph(page: NotionPage, text: string): NotionBlock {
    const block: NotionBlock = { id: randomUUID(), type: 'paragraph', text, archived: false };
    page.blocks.push(block);
    page.last_edited_time = this.now();
    return block;
  }

  visiblePage(id: string): NotionPage | undefined {
    const page = this.pages.get(normaliseId(id));
    return page?.shared ? page : undefined;
  }

  visibleDatabase(id: string): NotionDatabase | undefined {
    const database = this.databases.get(normaliseId(id));
    return database?.shared ? database : undefined;
  }
}

const richText = (content: string) => [
  {
    type: 'text',
    text: { content, link: null },
    annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' },
    plain_text: content,
    href: null,
  },
];

export function renderPage(page: NotionPage) {
  const titleName = page.parent.type === 'database_id' ? 'Name' : 'title';
  const properties: Record<string, unknown> = { [titleName]: { id: 'title', type: 'title', title: richText(page.title) } };
  for (const [name, value] of Object.entries(page.values)) {
    properties[name] =
      value.type === 'select' ? { type: 'select', select: { name: value.name, color: 'default' } } : { type: 'checkbox', checkbox: value.checked };
  }
  return {
    object: 'page',
    id: page.id,
    created_time: page.created_time,
    last_edited_time: page.last_edited_time,
    parent: page.parent,
    archived: page.archived,
    in_trash: page.archived,
    properties,
    url: `https://www.notion.so/${page.title.replace(/\W+/g, '-')}-${page.id.replace(/-/g, '')}`,
  };
}

export function renderBlock(block: NotionBlock) {
  return {
    object: 'block',
    id: block.id,
    type: block.type,
    has_children: false,
    archived: block.archived,
    [block.type]: { rich_text: richText(block.text), color: 'default' },
  };
}

/** Notion lists: `start_cursor` is the next item's id; `next_cursor` null on the last page. */
export function notionList<T extends { id: string }>(items: T[], startCursor: unknown, pageSize: unknown, type: string) {
  const size = Math.min(Math.max(Number(pageSize ?? 100) || 100, 1), 100);
  const start =
    typeof startCursor === 'string'
      ? Math.max(
          0,
          items.findIndex((item) => item.id === startCursor),
        )
      : 0;
  const slice = items.slice(start, start + size);
  const next = items[start + size];
  return { object: 'list', results: slice, next_cursor: next ? next.id : null, has_more: next !== undefined, type, [type]: {} };
}
