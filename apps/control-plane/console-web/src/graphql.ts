import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env';

/** `graphql()` types each operation against the pinned schema (graphql-env.d.ts, generated). */
export const graphql = initGraphQLTada<{ introspection: introspection; scalars: { DateTime: string } }>();
export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
