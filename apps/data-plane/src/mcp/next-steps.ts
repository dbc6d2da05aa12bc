import type { ErrorCode } from '@causeway/contracts';

/**
 * What an agent should do next after each code, when the tool itself says nothing more
 * specific. MCP puts it in failed results; the OpenAPI document lists it per code. Keyed by
 * every code, so a new code cannot ship without an answer.
 */
export const NEXT_STEP: Record<ErrorCode, string> = {
  invalid_input: 'Fix the named field to match the input schema, then call again.',
  unauthenticated: 'The API key was refused; a human must configure a valid key. Do not retry.',
  forbidden: 'This key may not do this. Do not retry; tell the user what was refused.',
  not_found: 'Check the tool name or connection ID (list the tools again); do not retry unchanged.',
  conflict: 'The request conflicts with the current state; re-read the state before trying again.',
  connection_required: 'No usable connection: ask the user to connect this app in Causeway, or choose one with onBehalfOf or connectionId.',
  idempotency_in_flight: 'The same call is still running; wait retryAfterMs, then repeat it with the same idempotency key to get its result.',
  idempotency_outcome_unknown:
    'The first call with this idempotency key was cut off and may have reached the provider. Check the provider (list or get the object) before acting again; if the action did not happen, retry with a new idempotency key.',
  idempotency_key_reused: 'This idempotency key was used for a different call; use a fresh key for a new action.',
  payload_too_large: 'Send less: shorten the text, or split the work into several calls.',
  rate_limited: "This key's or tenant's quota is used up; wait retryAfterMs, then retry the same call.",
  needs_reauth: 'The connection must be re-authorised by a human in Causeway; tell the user. Do not retry.',
  upstream_invalid_request: 'The provider rejected the arguments; fix them using the message, do not retry unchanged.',
  upstream_forbidden: 'The provider refused this for the connected account (missing scope or access); tell the user.',
  upstream_not_found: 'The provider has no such object; look up the correct ID with a list or search tool.',
  upstream_conflict: 'The provider reports a conflict with the current state; re-read it before trying again.',
  upstream_rate_limited: 'The provider is rate limiting; wait retryAfterMs, then retry the same call.',
  upstream_error: 'The provider failed; retry once after a short wait, then report it to the user.',
  upstream_unavailable: 'The provider is unavailable; retry after retryAfterMs (or a few seconds).',
  upstream_timeout: 'The provider did not answer in time; a write may or may not have happened, so check before retrying it.',
  unavailable: 'Causeway is briefly unavailable; retry after a few seconds.',
  approval_pending:
    'A human has not decided yet: poll GET /v1/approvals/{id}?waitMs=30000 (or wait for your callback), then repeat the same call with the approval id once it is approved.',
  approval_rejected: 'A human rejected this action. Do not retry it; tell the user, with the note if there is one.',
  approval_expired: 'The approval expired. Call again without the approval id to request a new one, if the action is still wanted.',
  approval_mismatch:
    'The call differs from the approved one. Repeat exactly the approved call (same input, connection and onBehalfOf), or request a new approval without the approval id.',
  budget_exhausted: "This key's daily budget for the tool is used up; wait retryAfterMs (the next UTC day) or ask a human to raise the budget.",
  internal: 'Causeway failed unexpectedly; retrying may not help. Report the requestId to a human.',
};
