export * from './data-source';
export * from './embedded-postgres';
export * from './migrate-command';
export * from './pglite-template';
