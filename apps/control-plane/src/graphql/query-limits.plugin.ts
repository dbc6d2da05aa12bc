import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, visit, type DocumentNode } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { fieldCostEstimator } from './field-costs';
import { GRAPHQL_LIMITS, countAliases, countRootFields, refusal } from './operation-limits';
import { findOverlongString } from './string-inputs';

export const MAX_QUERY_DEPTH = GRAPHQL_LIMITS.maxDepth;
export const MAX_QUERY_COMPLEXITY = GRAPHQL_LIMITS.maxComplexity;

export interface QueryLimitsOptions {
  /**
   * Production mode: schema introspection only for callers with a valid access token.
   * `verifyToken` answers whether a bearer token is one the control plane issued.
   */
  introspection: { open: true } | { open: false; verifyToken: (token: string) => Promise<boolean> };
}

/**
 * Refuses operations that would cost too much before any resolver runs, each with a 4xx
 * and a code that names the limit (parse-time token and depth limits are in app.module.ts).
 */
export function queryLimitsPlugin(options: QueryLimitsOptions = { introspection: { open: true } }): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation }) {
          const aliases = countAliases(document);
          if (aliases > GRAPHQL_LIMITS.maxAliases) throw refusal('too_many_aliases', `too many aliases: ${aliases} > ${GRAPHQL_LIMITS.maxAliases}`);
          const rootFields = operation ? countRootFields(operation, document) : 0;
          if (rootFields > GRAPHQL_LIMITS.maxRootFields)
            throw refusal('too_many_root_fields', `too many root fields: ${rootFields} > ${GRAPHQL_LIMITS.maxRootFields}`);
          const overlong = findOverlongString(schema, document, request.variables);
          if (overlong) {
            throw new GraphQLError(`${overlong.field}: at most ${overlong.limit} characters`, {
              extensions: { code: 'INVALID_INPUT', field: overlong.field, http: { status: 400 } },
            });
          }
          if (!options.introspection.open && asksForSchema(document)) {
            const token = /^Bearer\s+(\S+)$/i.exec(request.http?.headers.get('authorization') ?? '')?.[1];
            if (!token || !(await options.introspection.verifyToken(token)))
              throw refusal('introspection_disabled', 'introspection needs a signed-in caller in production mode');
          }
          const complexity = getComplexity({
            schema,
            operationName: request.operationName,
            query: document,
            variables: request.variables,
            estimators: [fieldCostEstimator],
          });
          if (complexity > GRAPHQL_LIMITS.maxComplexity)
            throw refusal('query_too_complex', `query is too complex: ${complexity} > ${GRAPHQL_LIMITS.maxComplexity}`);
        },
      };
    },
  };
}

function asksForSchema(document: DocumentNode): boolean {
  let asks = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') asks = true;
    },
  });
  return asks;
}
