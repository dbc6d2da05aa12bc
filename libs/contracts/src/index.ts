export * from './errors';
export * from './events';
export * from './topics';
export * from './stored-credential';
export * from './approval-policy';
export * from './tenant-policy';
export * from './cloud-event';
export * from './webhook-secret';
