/** Whether admins may point connections and OAuth apps at other hosts (simulators; off in production). */
export const UPSTREAM_OVERRIDES_ALLOWED = Symbol('UPSTREAM_OVERRIDES_ALLOWED');
/** The egress guard every outbound call to a provider goes through (`providerTransport` of @causeway/egress). */
export const PROVIDER_EGRESS = Symbol('PROVIDER_EGRESS');
