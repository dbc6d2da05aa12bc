import { randomId } from '../common/random';

export type FieldType = 'Symbol' | 'Text' | 'Integer' | 'Number' | 'Boolean' | 'Array' | 'Object';

export interface ContentTypeField {
  id: string;
  type: FieldType;
  required: boolean;
  localized: boolean;
}

export interface ContentType {
  id: string;
  name: string;
  displayField: string;
  fields: ContentTypeField[];
}

export type LocalizedFields = Record<string, Record<string, unknown>>;

export interface ContentfulEntry {
  id: string;
  contentTypeId: string;
  fields: LocalizedFields;
  version: number;
  publishedVersion?: number;
  publishedCounter: number;
  createdAt: string;
  updatedAt: string;
  publishedAt?: string;
  firstPublishedAt?: string;
  /** What the Delivery API serves: a copy taken at publish time. */
  live?: { fields: LocalizedFields; createdAt: string; updatedAt: string; revision: number };
}

/** One validation failure, in Contentful's `details.errors[]` shape. */
export interface ValidationIssue {
  name: string;
  path: Array<string | number>;
  details: string;
  value?: unknown;
  type?: string;
}

export const LOCALES = ['en-US', 'de-DE'];
export const DEFAULT_LOCALE = 'en-US';
export const SIM_SPACE_ID = 'sim0space001';
export const SIM_USER_ID = '59Erm8D1JuuD273aXNb65T';

export const CONTENT_TYPES: ContentType[] = [
  {
    id: 'blogPost',
    name: 'Blog Post',
    displayField: 'title',
    fields: [
      { id: 'title', type: 'Symbol', required: true, localized: true },
      { id: 'slug', type: 'Symbol', required: true, localized: false },
      { id: 'body', type: 'Text', required: false, localized: true },
      { id: 'tags', type: 'Array', required: false, localized: false },
    ],
  },
  {
    id: 'author',
    name: 'Author',
    displayField: 'name',
    fields: [
      { id: 'name', type: 'Symbol', required: true, localized: false },
      { id: 'bio', type: 'Text', required: false, localized: true },
    ],
  },
];

/** A space's `master` environment: content types and entries. */
export class ContentfulSpace {
  readonly entries = new Map<string, ContentfulEntry>();

  constructor(
    readonly id: string,
    private readonly now: () => number,
    seed = true,
  ) {
    if (seed) this.seed();
  }

  contentType(id: string | undefined): ContentType | undefined {
    return CONTENT_TYPES.find((type) => type.id === id);
  }

  /** Shape checks that run on every write; required-field checks wait for publish. */
  checkShape(type: ContentType, fields: unknown): ValidationIssue[] {
    if (fields === undefined) return [];
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
      return [{ name: 'type', path: ['fields'], type: 'Object', value: fields, details: 'The type of "fields" is incorrect, expected type: Object' }];
    }
    const issues: ValidationIssue[] = [];
    for (const [fieldId, perLocale] of Object.entries(fields)) {
      const field = type.fields.find((candidate) => candidate.id === fieldId);
      if (!field) {
        issues.push({ name: 'unknown', path: ['fields', fieldId], details: `The property "${fieldId}" is not defined on the content type` });
        continue;
      }
      if (typeof perLocale !== 'object' || perLocale === null || Array.isArray(perLocale)) {
        issues.push({
          name: 'type',
          path: ['fields', fieldId],
          type: 'Object',
          value: perLocale,
          details: 'The type of "value" is incorrect, expected type: Object',
        });
        continue;
      }
      for (const [locale, value] of Object.entries(perLocale)) {
        if (!LOCALES.includes(locale)) {
          issues.push({ name: 'unknown', path: ['fields', fieldId, locale], details: `The locale "${locale}" is not defined for this space` });
        } else if (!field.localized && locale !== DEFAULT_LOCALE) {
          issues.push({ name: 'unknown', path: ['fields', fieldId, locale], details: `The field "${fieldId}" is not localized` });
        } else if (!valueFits(field.type, value)) {
          issues.push({
            name: 'type',
            path: ['fields', fieldId, locale],
            type: field.type,
            value,
            details: `The type of "value" is incorrect, expected type: ${field.type}`,
          });
        }
      }
    }
    return issues;
  }

  /** Content-type validations, which Contentful runs only when publishing. */
  checkPublishable(entry: ContentfulEntry): ValidationIssue[] {
    const type = this.contentType(entry.contentTypeId) as ContentType;
    return type.fields
      .filter((field) => field.required && (entry.fields[field.id]?.[DEFAULT_LOCALE] === undefined || entry.fields[field.id]?.[DEFAULT_LOCALE] === ''))
      .map((field) => ({ name: 'required', path: ['fields', field.id, DEFAULT_LOCALE], details: `The property "${field.id}" is required here` }));
  }

  create(type: ContentType, fields: LocalizedFields, id = randomId('', 22, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')): ContentfulEntry {
    const timestamp = this.timestamp();
    const entry: ContentfulEntry = { id, contentTypeId: type.id, fields, version: 1, publishedCounter: 0, createdAt: timestamp, updatedAt: timestamp };
    this.entries.set(id, entry);
    return entry;
  }

  /** Every write bumps sys.version by one. */
  update(entry: ContentfulEntry, fields: LocalizedFields): void {
    entry.fields = fields;
    entry.version += 1;
    entry.updatedAt = this.timestamp();
  }

  /** publishedVersion becomes the current version, and publishing itself bumps version. */
  publish(entry: ContentfulEntry): void {
    const timestamp = this.timestamp();
    entry.publishedVersion = entry.version;
    entry.version += 1;
    entry.publishedCounter += 1;
    entry.publishedAt = timestamp;
    entry.firstPublishedAt ??= timestamp;
    entry.updatedAt = timestamp;
    entry.live = { fields: structuredClone(entry.fields), createdAt: entry.createdAt, updatedAt: timestamp, revision: entry.publishedCounter };
  }

  unpublish(entry: ContentfulEntry): void {
    delete entry.publishedVersion;
    delete entry.publishedAt;
    delete entry.live;
    entry.version += 1;
    entry.updatedAt = this.timestamp();
  }

  private timestamp(): string {
    return new Date(this.now()).toISOString();
  }

  private seed(): void {
    const post = this.contentType('blogPost') as ContentType;
    const author = this.contentType('author') as ContentType;
    const posts: Array<[string, string, string, boolean]> = [
      ['Launching Causeway', 'launching-causeway', 'Today we launch.', true],
      ['Rate limits explained', 'rate-limits-explained', 'Every vendor does it differently.', true],
      ['OAuth token rotation', 'oauth-token-rotation', 'Refresh tokens that change.', true],
      ['Draft: roadmap 2026', 'roadmap-2026', 'Not ready yet.', false],
      ['Draft: hiring', 'hiring', 'We are hiring.', false],
    ];
    posts.forEach(([title, slug, body, published], index) => {
      const entry = this.create(
        post,
        { title: { 'en-US': title, 'de-DE': `${title} (DE)` }, slug: { 'en-US': slug }, body: { 'en-US': body } },
        `post${index + 1}`,
      );
      if (published) this.publish(entry);
    });
    this.publish(this.create(author, { name: { 'en-US': 'Ada Lovelace' } }, 'author1'));
    this.create(author, { name: { 'en-US': 'Grace Hopper' } }, 'author2');
  }
}

function valueFits(type: FieldType, value: unknown): boolean {
  switch (type) {
    case 'Symbol':
      return typeof value === 'string' && value.length <= 256;
    case 'Text':
      return typeof value === 'string';
    case 'Integer':
      return Number.isInteger(value);
    case 'Number':
      return typeof value === 'number';
    case 'Boolean':
      return typeof value === 'boolean';
    case 'Array':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    case 'Object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}
