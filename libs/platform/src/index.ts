export * from './app-error';
export * from './http-error.filter';
export * from './http-service';
export * from './parse-input';
export * from './service-token';
export * from './dependency-outage';
