// Per-call policy and the operator's settings
export { checkTarget, judgeAddresses, parseTarget, type EgressPolicy } from './policy';
export {
  defaultEgressSettings,
  egressEnvSchema,
  egressEnvShape,
  egressSettingsFromEnv,
  loadEgressSettings,
  LOOPBACK_ALLOW_LIST,
  type EgressEnv,
  type EgressSettings,
  type PlainHttpRule,
} from './settings';
export { AllowList, AllowListError, type AllowEntry, type AllowTarget } from './allow-list';
export { classifyAddress, type AddressCategory } from './address';

// Sending
export { createEgressGuard, guardedFetch, type EgressGuard, type EgressGuardOptions, type GuardedRequestInit, type GuardedResponse } from './guard';
export { createGuardedTransport, hostsOfUrls, providerTransport, type GuardedTransportOptions, type PolicyFor } from './transport';
export { systemResolver, type ResolvedAddress, type Resolver } from './resolver';
export type { DialTarget, Dialer } from './connector';
export { serviceFetch } from './service-fetch';

// Errors
export {
  EGRESS_REFUSED_MESSAGE,
  EgressNetworkError,
  EgressRefusedError,
  EgressTimeoutError,
  isEgressError,
  RequestTooLargeError,
  ResponseTooLargeError,
  type EgressError,
  type EgressRefusalReason,
  type TimeoutPhase,
} from './errors';
export { createDatabaseTargetApprover, type ApprovedDatabaseTarget, type DatabaseTargetOptions } from './database-target';
