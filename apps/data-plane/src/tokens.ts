/** Injection tokens of the data plane's ports. */
export const ENGINE_FOR = Symbol('ENGINE_FOR');
export const CREDENTIALS = Symbol('CREDENTIALS');
export const CALL_AUDIT_SINK = Symbol('CALL_AUDIT_SINK');
export const CALL_GUARDS = Symbol('CALL_GUARDS');
export const CALL_METRICS = Symbol('CALL_METRICS');
export const EGRESS_GUARD = Symbol('EGRESS_GUARD');
/** The journal of calls that may reach a provider (call-audit/call-intents.ts); optional in tests. */
export const CALL_INTENTS = Symbol('CALL_INTENTS');
/** MCP sessions for event subscriptions (mcp/mcp-sessions.ts); absent, /mcp is stateless only. */
export const MCP_SESSIONS = Symbol('MCP_SESSIONS');
