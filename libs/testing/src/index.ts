export * from './oauth-server';
export * from './infra';
export * from './processes';
