export * from './permissions';
export * from './built-in-roles';
export * from './ability';
export * from './api-key-inheritance';
export * from './api-key-secret';
