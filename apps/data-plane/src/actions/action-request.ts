import { z } from 'zod';
import { AppError, parseInput } from '@causeway/platform';

/** The body of `POST /v1/actions/{tool}` (architecture brief §5). */
export const actionRequestSchema = z.strictObject({
  input: z.record(z.string(), z.unknown()),
  connectionId: z.uuid().optional(),
  /** A Causeway user id or the tenant's own user reference: selects that user's own connection. */
  onBehalfOf: z.string().min(1).max(200).optional(),
  /** An opaque cursor from a previous page's `meta.nextCursor`. */
  cursor: z.string().min(1).max(4096).optional(),
  /**
   * Where to be told (a signed POST, docs/approvals.md) when an approval this call asks for is
   * decided, expires or is executed. Used only when the call waits for a human.
   */
  callbackUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
});

export type ActionRequest = z.infer<typeof actionRequestSchema>;

export function parseActionRequest(body: unknown): ActionRequest {
  return parseInput(actionRequestSchema, body ?? {});
}

const headerValue = /^[A-Za-z0-9._:-]{1,200}$/;

/** Optional headers agents send; bad values are refused rather than silently dropped. */
export function optionalHeader(value: string | string[] | undefined, name: string): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v === '') return undefined;
  if (!headerValue.test(v)) throw new AppError('invalid_input', `${name}: 1–200 characters of letters, digits and . _ : -`, { field: name });
  return v;
}

const approvalIdSchema = z.uuid();

/** The `Approval-Id` header (REST) or `_causeway.approvalId` (MCP): the approval this call executes. */
export function parseApprovalId(value: string | string[] | undefined, field = 'Approval-Id'): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v === '') return undefined;
  if (!approvalIdSchema.safeParse(v).success) throw new AppError('invalid_input', `${field}: the id of an approval (a UUID), as answered with 202`, { field });
  return v;
}
