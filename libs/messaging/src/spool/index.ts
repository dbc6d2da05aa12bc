export * from './spool.errors';
export * from './spool-metrics';
export * from './spooling-publisher';
export * from './intent-log';
