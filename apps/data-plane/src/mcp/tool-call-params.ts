/**
 * The shape of a `tools/call` request's params, checked before the SDK sees the message.
 *
 * Why here: the SDK parses params with its zod schema before any handler runs and answers a
 * mismatch (no `name`, `arguments` not an object) as `-32603 Internal error` carrying the raw
 * validator output. It is the caller's mistake, so it gets `-32602` and plain sentences.
 */
export interface ParamsRefusal {
  id: string | number;
  errors: { field: string; message: string }[];
}

export function refuseToolCallParams(message: unknown): ParamsRefusal | null {
  if (!isRecord(message) || message['method'] !== 'tools/call') return null;
  const id = message['id'];
  if (typeof id !== 'string' && typeof id !== 'number') return null; // not a request: the transport answers it
  const params = message['params'];
  if (!isRecord(params)) return { id, errors: [{ field: 'params', message: 'must be an object with the tool name and its arguments' }] };
  const errors: ParamsRefusal['errors'] = [];
  if (typeof params['name'] !== 'string' || params['name'].length === 0)
    errors.push({ field: 'params.name', message: 'is required: the name of a tool from tools/list' });
  if (params['arguments'] !== undefined && !isRecord(params['arguments']))
    errors.push({ field: 'params.arguments', message: "must be an object of the tool's arguments" });
  if (params['_meta'] !== undefined && !isRecord(params['_meta'])) errors.push({ field: 'params._meta', message: 'must be an object' });
  return errors.length > 0 ? { id, errors } : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
