import type { Clock } from '../common/clock';
import type { TokenRecord, TokenStore } from '../common/token-store';
import type { SlackChannel, SlackMessage, SlackWorkspace } from './slack-workspace';

/**
 * What every Web API method of the simulator is made of; one module per resource
 * (slack-auth.ts, slack-chat.ts, slack-conversations.ts, slack-reactions.ts) exports its
 * methods, and slack-simulator.ts handles transport, tokens, scopes and rate limits for all.
 */
export type Args = Record<string, unknown>;
export type MethodOutcome = { body: Record<string, unknown>; write?: boolean };

export interface CallContext {
  args: Args;
  token: TokenRecord;
}

export interface MethodSpec {
  scopes: (args: Args, workspace: SlackWorkspace) => string[];
  /** Rate-limit key suffix beyond team+method (chat.postMessage: the channel). */
  limitKey?: (args: Args) => string;
  run: (context: CallContext) => MethodOutcome;
}

/** What the methods act on. */
export interface SlackState {
  clock: Clock;
  tokens: TokenStore;
  workspace: SlackWorkspace;
}

export const fail = (error: string, extra: Record<string, unknown> = {}): MethodOutcome => ({ body: { ok: false, error, ...extra } });

export const messageView = (message: SlackMessage): SlackMessage => {
  const { reply_broadcast: _hidden, ...visible } = message;
  return visible;
};

export function requireChannel(workspace: SlackWorkspace, args: Args, needMembership: boolean): SlackChannel | MethodOutcome {
  const channel = workspace.resolve(typeof args['channel'] === 'string' ? args['channel'] : undefined);
  if (!channel) return fail('channel_not_found');
  if (needMembership && !channel.botIsMember) return fail('not_in_channel');
  return channel;
}

export const isOutcome = (value: SlackChannel | MethodOutcome): value is MethodOutcome => 'body' in value;

export function clampLimit(value: unknown, fallback: number, max: number): number | undefined {
  if (value === undefined || value === '') return fallback;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit >= 1000) return undefined;
  return Math.min(limit, max);
}

/** Slack cursors look like base64 of `next_ts:<ts>` or `team:<id>`; anything else is invalid. */
export function encodeCursor(kind: string, value: string): string {
  return Buffer.from(`${kind}:${value}`, 'utf8').toString('base64');
}

/** `undefined` when absent, `null` when present but not ours. */
export function decodeCursor(value: unknown, kind: string): string | undefined | null {
  if (value === undefined || value === '') return undefined;
  const decoded = Buffer.from(String(value), 'base64').toString('utf8');
  return decoded.startsWith(`${kind}:`) ? decoded.slice(kind.length + 1) : null;
}
