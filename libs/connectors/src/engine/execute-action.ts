import type { ActionDefinition } from '../definition/action';
import type { ProviderDefinition } from '../definition/provider';
import { isDatabaseAction, type Catalog, type CatalogAction } from '../catalog/catalog';
import { actionError } from './action-error';
import { ActionValidatorCache, describeSchemaError, fieldOfSchemaError } from './action-validators';
import { resolveAuthMode } from './auth-injection';
import { readBodyPath } from './body-path';
import { buildRequest } from './build-request';
import { isEnvelopeFailure, normalizeUpstreamError } from './normalize-error';
import { decodeCursor, encodeCursor, nextPageValue, type CursorState } from './pagination-cursor';
import { readRateLimit } from './rate-limit';
import { renderTemplate } from './render-template';
import { parseResponseBody } from './response-body';
import type { ActionError, ActionResult, ConnectionContext, Credential, HttpTransport, UpstreamResponse } from './types';
import { createUndiciTransport, ResponseTooLargeError, UpstreamTimeoutError } from './undici-transport';

export interface ConnectorEngineOptions {
  catalog: Catalog;
  /** Defaults to undici; the data plane passes one with its egress guard and pool. */
  transport?: HttpTransport;
  /** Injectable clock for rate-limit arithmetic (epoch ms). */
  now?: () => number;
  /** Used when a call gives no `timeoutMs`. Default 30 s. */
  defaultTimeoutMs?: number;
}

/** Compiled schemas are keyed by action object, so every engine in the process can share them. */
const sharedValidators = new ActionValidatorCache();

export interface ExecuteActionCall {
  /** The action id, e.g. `slack.post_message`. */
  action: string;
  input: unknown;
  credential: Credential;
  connection?: ConnectionContext;
  /** Cancels the upstream call (the caller's deadline or client disconnect). */
  signal?: AbortSignal;
  timeoutMs?: number;
  /**
   * The input is what `prepareActionInput` returned for this action (validated, defaults
   * filled, the caller's own copy): it is used as is, not cloned and validated a second time.
   */
  prepared?: boolean;
}

export interface ConnectorEngine {
  executeAction(call: ExecuteActionCall): Promise<ActionResult>;
}

/**
 * Runs one action: validate input, build the vendor request, send it once, and turn the
 * answer into a `Result`. Retries, circuit breaking and token refresh belong to the caller,
 * which gets what it needs to decide: the contract code, `retryAfterMs`, `authExpired`.
 */
export function createConnectorEngine(options: ConnectorEngineOptions): ConnectorEngine {
  const transport = options.transport ?? createUndiciTransport();
  const now = options.now ?? Date.now;
  const validators = sharedValidators;

  async function executeAction(call: ExecuteActionCall): Promise<ActionResult> {
    const entry = options.catalog.findAction(call.action);
    if (!entry) return failure(actionError('not_found', `unknown action "${call.action}"`));
    const { provider, action } = entry;
    if (isDatabaseAction(action)) return failure(actionError('internal', `${action.id} runs through the database driver, not the HTTP engine`));

    const auth = resolveAuthMode(provider, action, call.credential);
    if (!auth.ok) return failure(auth.error);

    let compiled;
    try {
      compiled = validators.for(action);
    } catch (error) {
      return failure(actionError('internal', `schema of ${action.id} does not compile: ${(error as Error).message}`));
    }
    let input: Record<string, unknown>;
    if (call.prepared) input = call.input as Record<string, unknown>;
    else {
      const prepared = prepareWith(compiled, action, call.input);
      if (!prepared.ok) return failure(prepared.error);
      input = prepared.input;
    }

    let cursor: CursorState | undefined;
    if (action.pagination && typeof input[action.pagination.cursorInput] === 'string') {
      cursor = decodeCursor(input[action.pagination.cursorInput] as string, action.id, action.pagination.style);
      if (!cursor) {
        return failure(
          actionError('invalid_input', 'cursor was not issued for this action; pass the nextCursor of a previous call unchanged', {
            field: action.pagination.cursorInput,
          }),
        );
      }
    }

    const built = buildRequest({ provider, action, mode: auth.mode, input, credential: call.credential, connection: call.connection ?? {}, cursor });
    if (!built.ok) return failure(built.error);

    const sent = await send(transport, built.plan.request, call.signal, call.timeoutMs ?? options.defaultTimeoutMs ?? 30_000, provider);
    if (!sent.ok) return failure(sent.error);
    return interpret(provider, action, input, sent.response, built.plan.offset, now());
  }

  return { executeAction };

  function interpret(
    provider: ProviderDefinition,
    action: ActionDefinition,
    input: Record<string, unknown>,
    response: UpstreamResponse,
    offset: number,
    at: number,
  ): ActionResult {
    const rateLimit = readRateLimit(provider.rateLimitSignals, response.headers, at);
    const { body, malformedJson } = parseResponseBody(response.headers['content-type'], response.body);
    const is2xx = response.status >= 200 && response.status < 300;

    if (!is2xx || isEnvelopeFailure(provider.errors.envelope, body)) {
      const normalized = normalizeUpstreamError(provider.name, provider.errors, { status: response.status, headers: response.headers, body }, rateLimit, at);
      return failure(normalized.error, normalized.rateLimit);
    }
    if (malformedJson) {
      return failure(actionError('upstream_error', `${provider.name} answered with malformed JSON`, { upstreamStatus: response.status }), rateLimit);
    }

    let data: unknown = action.http.response?.resultPath && body !== undefined ? readBodyPath(body, action.http.response.resultPath) : body;
    if (data === undefined && body === undefined) data = renderTemplate(action.http.response?.onNoContent, input) ?? {};
    if (Array.isArray(data) && action.http.response?.wrapArrayAs) data = { [action.http.response.wrapArrayAs]: data };

    const validateOutput = validators.for(action).output;
    if (!validateOutput(data)) {
      const first = validateOutput.errors?.[0];
      return failure(
        actionError('upstream_error', `${provider.name} answered ${action.id} with an unexpected shape: ${describeSchemaError(first)}`, {
          upstreamStatus: response.status,
        }),
        rateLimit,
      );
    }

    const result: ActionResult = { ok: true, data, upstreamStatus: response.status };
    if (action.pagination) {
      const next = nextPageValue(action.pagination, body, response.headers, offset);
      if (next !== undefined) result.nextCursor = encodeCursor({ action: action.id, style: action.pagination.style, value: next });
    }
    if (rateLimit) result.rateLimit = rateLimit;
    return result;
  }
}

type SendOutcome = { ok: true; response: UpstreamResponse } | { ok: false; error: ReturnType<typeof actionError> };

async function send(
  transport: HttpTransport,
  request: Parameters<HttpTransport>[0],
  callerSignal: AbortSignal | undefined,
  timeoutMs: number,
  provider: ProviderDefinition,
): Promise<SendOutcome> {
  if (transport.enforcesTimeout) {
    // The transport keeps the deadline: one timer and one abort signal per exchange, not two.
    try {
      return { ok: true, response: await transport({ ...request, signal: callerSignal, timeoutMs }) };
    } catch (error) {
      if (error instanceof UpstreamTimeoutError)
        return { ok: false, error: actionError('upstream_timeout', `${provider.name} did not answer within ${error.timeoutMs} ms`) };
      return { ok: false, error: sendFailure(error, provider, callerSignal?.aborted === true) };
    }
  }
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onCallerAbort = () => controller.abort();
  if (callerSignal?.aborted) controller.abort();
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    return { ok: true, response: await transport({ ...request, signal: controller.signal }) };
  } catch (error) {
    if (timedOut) return { ok: false, error: actionError('upstream_timeout', `${provider.name} did not answer within ${timeoutMs} ms`) };
    return { ok: false, error: sendFailure(error, provider, controller.signal.aborted) };
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', onCallerAbort);
  }
}

/** A transport failure other than the deadline, as the contract's error. */
function sendFailure(error: unknown, provider: ProviderDefinition, cancelled: boolean) {
  if (cancelled) return actionError('upstream_timeout', `the call to ${provider.name} was cancelled`);
  if (error instanceof ResponseTooLargeError) return actionError('upstream_error', `${provider.name}: ${error.message}`);
  // A transport that refuses the destination (the egress guard) says so with errorCode
  // `forbidden` and a message that names nothing of the target; retrying will not help.
  if ((error as { errorCode?: unknown }).errorCode === 'forbidden') return actionError('forbidden', `${provider.name}: ${(error as Error).message}`);
  // The message of a network error can carry the URL, and URLs can carry query-string keys.
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).name;
  return actionError('upstream_unavailable', `could not reach ${provider.name} (${reason})`);
}

function failure(error: ReturnType<typeof actionError>, rateLimit?: ActionResult['rateLimit']): ActionResult {
  return rateLimit ? { ok: false, error, rateLimit } : { ok: false, error };
}

/**
 * Checks an input against the action's schema without calling anything, so a caller can
 * refuse bad input before spending quota or upstream pacing on it. Returns the caller's own
 * validated copy with the schema's defaults filled, to pass to `executeAction` with
 * `prepared: true` so it is not validated twice. Same validators and messages as `executeAction`.
 */
export function prepareActionInput(action: CatalogAction, input: unknown): { ok: true; input: Record<string, unknown> } | { ok: false; error: ActionError } {
  let compiled;
  try {
    compiled = sharedValidators.for(action);
  } catch (error) {
    return { ok: false, error: actionError('internal', `schema of ${action.id} does not compile: ${(error as Error).message}`) };
  }
  return prepareWith(compiled, action, input);
}

/** `prepareActionInput` as a yes/no: the error, or null when the input is valid. */
export function validateActionInput(action: CatalogAction, input: unknown): ActionError | null {
  const prepared = prepareActionInput(action, input);
  return prepared.ok ? null : prepared.error;
}

function prepareWith(
  compiled: ReturnType<ActionValidatorCache['for']>,
  action: CatalogAction,
  input: unknown,
): { ok: true; input: Record<string, unknown> } | { ok: false; error: ActionError } {
  // ajv fills defaults in place; never write into the caller's object.
  let copy: Record<string, unknown>;
  try {
    copy = structuredClone(input) as Record<string, unknown>;
  } catch {
    return { ok: false, error: actionError('invalid_input', `input for ${action.id} must be plain JSON`) };
  }
  if (compiled.input(copy)) return { ok: true, input: copy };
  const first = compiled.input.errors?.[0];
  return { ok: false, error: actionError('invalid_input', `input for ${action.id}: ${describeSchemaError(first)}`, { field: fieldOfSchemaError(first) }) };
}
