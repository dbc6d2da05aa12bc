/** Injection tokens of the data plane's ports. */
export const CONNECTOR_ENGINE = Symbol('CONNECTOR_ENGINE');
export const CREDENTIALS = Symbol('CREDENTIALS');
export const CALL_AUDIT_SINK = Symbol('CALL_AUDIT_SINK');
