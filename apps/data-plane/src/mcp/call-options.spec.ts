import { AppError } from '@causeway/platform';
import { toCallRequest } from './call-options';

const connectionId = '5b0e8a52-3c1d-4f7e-9a61-2d4c8e1f0a93';

function refusal(run: () => unknown): { code: string; field?: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, field: error.extra.field };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('MCP call options', () => {
  it('passes the arguments through as the tool input, without the _causeway envelope', () => {
    const { request } = toCallRequest({ channel: 'C1', text: 'hi', _causeway: { onBehalfOf: 'ada@example.com' } }, undefined);
    expect(request).toEqual({ input: { channel: 'C1', text: 'hi' }, onBehalfOf: 'ada@example.com' });
  });

  it('treats absent arguments as an empty input', () => {
    expect(toCallRequest(undefined, undefined)).toEqual({ request: { input: {} } });
  });

  it("takes the options from the host's _meta as well, ignoring other _meta keys", () => {
    const { request, idempotencyKey } = toCallRequest(
      {},
      { progressToken: 7, 'causeway/connectionId': connectionId, 'causeway/cursor': 'c2', 'causeway/idempotencyKey': 'post-1' },
    );
    expect(request).toEqual({ input: {}, connectionId, cursor: 'c2' });
    expect(idempotencyKey).toBe('post-1');
  });

  it('accepts the model and the host naming the same value, and refuses them disagreeing', () => {
    expect(toCallRequest({ _causeway: { connectionId } }, { 'causeway/connectionId': connectionId }).request.connectionId).toBe(connectionId);
    expect(refusal(() => toCallRequest({ _causeway: { onBehalfOf: 'a' } }, { 'causeway/onBehalfOf': 'b' }))).toEqual({
      code: 'invalid_input',
      field: '_causeway.onBehalfOf',
    });
  });

  it('applies the REST body rules, naming the option where the caller put it', () => {
    expect(refusal(() => toCallRequest({ _causeway: { connectionId: 'not-a-uuid' } }, undefined))).toEqual({
      code: 'invalid_input',
      field: '_causeway.connectionId',
    });
    expect(refusal(() => toCallRequest({ _causeway: { surprise: true } }, undefined))).toEqual({ code: 'invalid_input', field: '_causeway.surprise' });
    expect(refusal(() => toCallRequest({ _causeway: 'connection 2' }, undefined))).toEqual({ code: 'invalid_input', field: '_causeway' });
    expect(refusal(() => toCallRequest({}, { 'causeway/cursor': '' }))).toEqual({ code: 'invalid_input', field: '_meta.causeway/cursor' });
  });

  it("checks idempotencyKey with the Idempotency-Key header's character rule", () => {
    expect(toCallRequest({ _causeway: { idempotencyKey: 'post-7f3a9c' } }, undefined).idempotencyKey).toBe('post-7f3a9c');
    expect(refusal(() => toCallRequest({ _causeway: { idempotencyKey: 'has spaces' } }, undefined))).toEqual({
      code: 'invalid_input',
      field: '_causeway.idempotencyKey',
    });
  });

  it('takes the approval id a held call answered with, from the arguments or the host, and refuses a malformed one', () => {
    const id = '3f1e1b9c-0a5d-4c3e-8f7a-1b2c3d4e5f60';
    expect(toCallRequest({ text: 'x', _causeway: { approvalId: id } }, undefined)).toEqual({ request: { input: { text: 'x' } }, approvalId: id });
    expect(toCallRequest({ text: 'x' }, { 'causeway/approvalId': id })).toEqual({ request: { input: { text: 'x' } }, approvalId: id });
    expect(() => toCallRequest({ _causeway: { approvalId: 'nope' } }, undefined)).toThrow(AppError);
  });
});
