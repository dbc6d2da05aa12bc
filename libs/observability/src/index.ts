export * from './correlation';
export * from './logger';
export * from './metric-names';
export * from './metrics';
export * from './http-instrumentation';
export * from './health.module';
export * from './start-failure';
export * from './tracing';
