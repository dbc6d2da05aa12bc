export type Resource = Record<string, unknown>;

/**
 * The simulated vendor's data: one ordered collection per concrete collection path
 * (`/projects/7/issues` and `/projects/8/issues` are different collections), keyed by the
 * last path segment an item is addressed with.
 */
export class ResourceStore {
  private readonly collections = new Map<string, Map<string, Resource>>();
  private counter = 0;

  constructor(private readonly idFormat: (sequence: number) => string = (sequence) => `sim${String(sequence).padStart(6, '0')}`) {}

  nextId(): string {
    this.counter += 1;
    return this.idFormat(this.counter);
  }

  list(collection: string): Resource[] {
    return [...(this.collections.get(collection)?.values() ?? [])];
  }

  get(collection: string, id: string): Resource | undefined {
    return this.collections.get(collection)?.get(id);
  }

  put(collection: string, id: string, resource: Resource): Resource {
    let items = this.collections.get(collection);
    if (!items) this.collections.set(collection, (items = new Map()));
    items.set(id, resource);
    return resource;
  }

  delete(collection: string, id: string): Resource | undefined {
    const items = this.collections.get(collection);
    const found = items?.get(id);
    items?.delete(id);
    return found;
  }

  clear(): void {
    this.collections.clear();
  }
}
