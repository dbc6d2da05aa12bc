/**
 * Resolves local `$ref`s (`#/components/schemas/Pet`, `#/definitions/Pet`, `#/parameters/id`).
 *
 * Written here rather than taken from a package: /work/main/node_modules holds no OpenAPI
 * parser (no @apidevtools/swagger-parser, @readme/openapi-parser), and the only resolver there
 * (json-schema-ref-resolver) keeps references instead of inlining them. The importer needs
 * inlined schemas with two guarantees a vendor corpus demands: a recursive schema (a tree
 * node that contains nodes) ends instead of looping, and a pathological one cannot blow up
 * memory. Remote references (`other.yaml#/X`) are not followed: the importer reads no network.
 */
export interface ResolveLimits {
  /** How many references deep one inlining may go before it stops with a stub. */
  maxDepth: number;
  /** How many nodes one resolved value may have in all. */
  maxNodes: number;
}

export const DEFAULT_RESOLVE_LIMITS: ResolveLimits = { maxDepth: 12, maxNodes: 20_000 };

export class RefResolver {
  constructor(
    private readonly document: Record<string, unknown>,
    private readonly limits: ResolveLimits = DEFAULT_RESOLVE_LIMITS,
  ) {}

  /** The value at a local pointer, or undefined when it does not exist or is remote. */
  lookup(ref: string): unknown {
    if (!ref.startsWith('#/')) return undefined;
    let node: unknown = this.document;
    for (const raw of ref.slice(2).split('/')) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (typeof node !== 'object' || node === null) return undefined;
      node = (node as Record<string, unknown>)[key];
    }
    return node;
  }

  /** Follows a chain of references at the top of a value only (a parameter, a response). */
  shallow(value: unknown): unknown {
    let current = value;
    for (let hops = 0; hops < this.limits.maxDepth && isRef(current); hops++) current = this.lookup(current.$ref);
    return isRef(current) ? undefined : current;
  }

  /** A copy of the value with every local reference inlined, cycles and excess cut to `{}`. */
  deep(value: unknown): unknown {
    const budget = { nodes: 0 };
    return this.inline(value, [], budget);
  }

  private inline(value: unknown, stack: string[], budget: { nodes: number }): unknown {
    if (++budget.nodes > this.limits.maxNodes) return {};
    if (Array.isArray(value)) return value.map((item) => this.inline(item, stack, budget));
    if (typeof value !== 'object' || value === null) return value;
    if (isRef(value)) {
      const ref = value.$ref;
      // A cycle or a chain too deep becomes an unconstrained schema: accepted, never looped on.
      if (stack.includes(ref) || stack.length >= this.limits.maxDepth) return {};
      const target = this.lookup(ref);
      return target === undefined ? {} : this.inline(target, [...stack, ref], budget);
    }
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) copy[key] = this.inline(child, stack, budget);
    return copy;
  }
}

function isRef(value: unknown): value is { $ref: string } {
  return typeof value === 'object' && value !== null && typeof (value as { $ref?: unknown }).$ref === 'string';
}
