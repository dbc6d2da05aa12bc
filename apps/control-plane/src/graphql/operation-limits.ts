import {
  GraphQLError,
  Kind,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import depthLimit from 'graphql-depth-limit';
import { GRAPHQL_REFUSAL_CODES, type GraphqlRefusalCode } from '@causeway/contracts';

/**
 * What one GraphQL request may ask for. Documented, with the reasoning, in
 * docs/security/graphql-and-embedded.md; change both together.
 */
export const GRAPHQL_LIMITS = {
  /** Parser tokens per document: the console's largest query (introspection) is ~1,000. */
  maxTokens: 5_000,
  /** Nesting depth (introspection is exempt: GraphiQL asks nine levels deep). */
  maxDepth: 8,
  /** Estimated cost per operation; see field-costs.ts. */
  maxComplexity: 1_000,
  /** Aliases per document: each alias can run a resolver again. */
  maxAliases: 30,
  /** Root fields per operation, aliased or not, fragments included. */
  maxRootFields: 10,
} as const;

export function refusal(code: GraphqlRefusalCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: code.toUpperCase(), http: { status: GRAPHQL_REFUSAL_CODES[code].status } } });
}

export function countAliases(document: DocumentNode): number {
  let aliases = 0;
  visit(document, {
    Field(node) {
      if (node.alias) aliases += 1;
    },
  });
  return aliases;
}

/** Root fields of the operation with its fragments spread in (a fragment once per path). */
export function countRootFields(operation: OperationDefinitionNode, document: DocumentNode): number {
  const fragments = fragmentsOf(document);
  const count = (set: SelectionSetNode, within: Set<string>): number =>
    set.selections.reduce((sum, selection) => {
      if (selection.kind === Kind.FIELD) return sum + 1;
      if (selection.kind === Kind.INLINE_FRAGMENT) return sum + count(selection.selectionSet, within);
      const fragment = fragments.get(selection.name.value);
      if (!fragment || within.has(fragment.name.value)) return sum;
      return sum + count(fragment.selectionSet, new Set(within).add(fragment.name.value));
    }, 0);
  return count(operation.selectionSet, new Set());
}

/**
 * graphql-depth-limit follows fragment spreads without remembering where it has been, so a
 * fragment cycle overflowed the stack (a 500). A document with a cycle is left to the
 * standard NoFragmentCyclesRule, which answers GRAPHQL_VALIDATION_FAILED.
 */
export function depthLimitRule(maxDepth: number): ValidationRule {
  const limit = depthLimit(maxDepth) as ValidationRule;
  return (context) => (hasFragmentCycle(context.getDocument()) ? {} : limit(context));
}

export function hasFragmentCycle(document: DocumentNode): boolean {
  const fragments = fragmentsOf(document);
  const spreadsOf = (name: string): string[] => {
    const spreads: string[] = [];
    const fragment = fragments.get(name);
    if (fragment) visit(fragment, { FragmentSpread: (node) => void spreads.push(node.name.value) });
    return spreads;
  };
  const done = new Set<string>();
  const visiting = new Set<string>();
  const cyclic = (name: string): boolean => {
    if (visiting.has(name)) return true;
    if (done.has(name)) return false;
    visiting.add(name);
    const found = spreadsOf(name).some(cyclic);
    visiting.delete(name);
    done.add(name);
    return found;
  };
  return [...fragments.keys()].some(cyclic);
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  return fragments;
}
