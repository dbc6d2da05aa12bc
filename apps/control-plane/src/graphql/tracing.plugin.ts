import type { ApolloServerPlugin } from '@apollo/server';
import { failSpan, setSpanAttributes, startSpan, tracingEnabled, withSpan, type Span } from '@causeway/observability';

/** GraphQL names are `[_A-Za-z][_0-9A-Za-z]*` once parsed; the length is the caller's, so it is capped. */
const MAX_NAME = 64;

/**
 * A span per GraphQL operation (`query Tenants`, a child of the request's server span) and one
 * per root field's resolver (`Query.tenants`, `Mutation.createApiKey`): the fields that do the
 * work; nested fields are mostly property reads, and a span each would cost more than they do.
 * Attributes are the operation's type and name and the schema's field name — never variables,
 * arguments or results.
 */
export function tracingPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      if (!tracingEnabled()) return;
      let operationSpan: Span | undefined;
      return {
        async didResolveOperation({ operation }) {
          const type = operation?.operation ?? 'query';
          const name = operation?.name?.value.slice(0, MAX_NAME);
          operationSpan = startSpan('control-plane', `graphql ${type}${name ? ` ${name}` : ''}`, {
            attributes: { 'graphql.operation.type': type, 'graphql.operation.name': name },
          });
        },
        async executionDidStart() {
          return {
            willResolveField({ info }) {
              if (!operationSpan || info.path.prev !== undefined) return;
              const field = `${info.parentType.name}.${info.fieldName}`;
              const span = withSpan(operationSpan, () => startSpan('control-plane', field, { attributes: { 'graphql.field.path': field } }));
              return (error) => {
                if (error) failSpan(span, error);
                span.end();
              };
            },
          };
        },
        async didEncounterErrors({ errors }) {
          if (operationSpan)
            setSpanAttributes(operationSpan, { 'error.type': errors[0]?.extensions?.code ? String(errors[0].extensions.code) : 'GraphQLError' });
        },
        async willSendResponse() {
          operationSpan?.end();
        },
      };
    },
  };
}
