export * from './span-attributes';
export * from './spans';
export {
  shutdownTracing,
  startTracing,
  tracerFor,
  tracingDecision,
  tracingEnabled,
  type Tracing,
  type TracingDecision,
  type TracingOptions,
} from './tracing-setup';
