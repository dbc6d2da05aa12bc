import { getNamedType, isLeafType } from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';

/**
 * Fields whose work is far above a row read, priced in "rows": the limit per operation is
 * GRAPHQL_LIMITS.maxComplexity (1,000). Keyed `Type.field`; every other object field costs
 * 1 and scalars 0.
 */
export const FIELD_COSTS: Readonly<Record<string, number>> = {
  /** Recomputes the tenant's hash chain (and checkpoint signatures) in the audit service. */
  'Query.verifyAuditTrail': 400,
  /** Password hashing is deliberately slow; aliased sign-ins must not multiply it. */
  'Mutation.login': 100,
  /** Calls the provider with the stored credential. */
  'Mutation.testConnection': 100,
  /** Aggregates a key's usage days in the data plane. */
  'Query.keyUsage': 50,
  /** A search in the audit service (per page, before the per-row cost). */
  'Query.auditEvents': 10,
  /** A call to the data plane. */
  'Query.approvals': 10,
  'Query.approval': 5,
  'Mutation.approveAction': 10,
  'Mutation.rejectAction': 10,
};

/** The page size a paged field is resolved with when `first` is not given. */
const DEFAULT_PAGE = 20;

/**
 * A field's cost is its own (from FIELD_COSTS, or 1 for an object, 0 for a scalar) plus its
 * selection's, times the page size for a paged field (`first`): a page of 100 events of
 * any width costs about 300, two nested pages of 100 cost 10,000.
 */
export const fieldCostEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const own = FIELD_COSTS[`${type.name}.${field.name}`] ?? (isLeafType(getNamedType(field.type)) ? 0 : 1);
  const paged = field.args.some((arg) => arg.name === 'first');
  if (!paged) return own + childComplexity;
  const page = typeof args.first === 'number' ? Math.max(0, args.first) : DEFAULT_PAGE;
  return own + page * Math.max(1, childComplexity);
};
