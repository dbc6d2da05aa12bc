import { HttpException, NotFoundException } from '@nestjs/common';
import { AppError } from './app-error';
import { errorReply } from './http-error.filter';

describe('errorReply', () => {
  it("answers an AppError with its status and the contract's body", () => {
    const reply = errorReply(new AppError('forbidden', 'this key may not call slack.post_message', { field: 'tool' }), 'req-1');
    expect(reply).toMatchObject({ status: 403, unexpected: false, headers: {} });
    expect(reply.body).toEqual({
      error: { code: 'forbidden', message: 'this key may not call slack.post_message', retryable: false, field: 'tool', requestId: 'req-1' },
    });
  });

  it('adds an HTTP Retry-After header, in whole seconds rounded up, whenever the body carries retryAfterMs', () => {
    expect(errorReply(new AppError('rate_limited', 'quota used up', { retryAfterMs: 1200 }), 'r').headers).toEqual({ 'retry-after': '2' });
    expect(errorReply(new AppError('unavailable', 'spool full', { retryAfterMs: 5000 }), 'r').headers).toEqual({ 'retry-after': '5' });
  });

  it("maps Nest's HTTP exceptions to contract codes", () => {
    expect(errorReply(new NotFoundException('no such route'), 'r')).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found', message: 'no such route' } },
    });
    expect(errorReply(new HttpException('teapot', 418), 'r')).toMatchObject({ status: 418, body: { error: { code: 'invalid_input' } } });
  });

  it('hides the message of an unexpected error and flags it for the log', () => {
    const reply = errorReply(new Error('password=hunter2 in a stack trace'), 'r');
    expect(reply).toMatchObject({ status: 500, unexpected: true, body: { error: { code: 'internal', message: 'internal error' } } });
    expect(JSON.stringify(reply.body)).not.toContain('hunter2');
  });
});
