import { anySecretSigns, asString, hmacSha256, isoFromEpoch, isRecord, parseJson, typeSegment } from './hmac';
import { refuse, type InboundRequest, type Verified, type WebhookVerifier } from './verifier';

/** Slack refuses requests older than five minutes in its own SDKs; so do we (replay window). */
export const SLACK_TOLERANCE_MS = 5 * 60_000;

/**
 * Slack's signing secret scheme: `X-Slack-Signature: v0=hex(HMAC-SHA256(secret,
 * "v0:{X-Slack-Request-Timestamp}:{raw body}"))`, timestamp in seconds within five minutes.
 * Events API bodies are JSON (`url_verification` is answered with its challenge); slash
 * commands and interactivity are form-encoded (`payload=` holds the JSON of interactions).
 */
export const slackVerifier: WebhookVerifier = {
  provider: 'slack',
  verify(request: InboundRequest, secrets: readonly string[], nowMs: number): Verified {
    const signature = request.headers['x-slack-signature'];
    const timestamp = request.headers['x-slack-request-timestamp'];
    if (!signature || !timestamp) return refuse('missing_signature', 'X-Slack-Signature and X-Slack-Request-Timestamp are required');
    const seconds = Number(timestamp);
    if (!/^\d+$/.test(timestamp) || Math.abs(nowMs - seconds * 1000) > SLACK_TOLERANCE_MS)
      return refuse('stale', 'X-Slack-Request-Timestamp is outside the five-minute window');
    const base = Buffer.concat([Buffer.from(`v0:${timestamp}:`, 'utf8'), request.body]);
    if (!anySecretSigns(secrets, [signature], (secret) => `v0=${hmacSha256(secret, base, 'hex')}`))
      return refuse('bad_signature', 'X-Slack-Signature does not match');
    return readSlack(request.body);
  },
};

function readSlack(body: Buffer): Verified {
  const json = parseJson(body);
  if (isRecord(json)) {
    if (json.type === 'url_verification') {
      const challenge = asString(json.challenge);
      return challenge ? { ok: true, challenge } : refuse('malformed', 'url_verification without a challenge');
    }
    const eventId = asString(json.event_id);
    const event = isRecord(json.event) ? json.event : undefined;
    const eventType = asString(event?.type);
    if (!eventId || !event || !eventType) return refuse('malformed', 'an Events API callback needs event_id and event.type');
    const channel = asString(event.channel) ?? asString(isRecord(event.item) ? event.item.channel : undefined);
    return {
      ok: true,
      delivery: {
        deliveryId: eventId,
        type: `com.slack.${typeSegment(eventType)}`,
        subject: channel ? `channel/${channel}` : undefined,
        time: isoFromEpoch(json.event_time, 's'),
        data: json,
      },
    };
  }
  // Form-encoded: a slash command, or an interaction whose JSON is in `payload`.
  const form = new URLSearchParams(body.toString('utf8'));
  const payload = form.get('payload');
  const data: unknown = payload ? parseJson(Buffer.from(payload, 'utf8')) : Object.fromEntries(form);
  if (!isRecord(data)) return refuse('malformed', 'the body is neither JSON nor a Slack form');
  const triggerId = asString(data.trigger_id);
  const kind = asString(data.type) ?? (asString(data.command) ? 'slash_command' : undefined);
  if (!triggerId || !kind) return refuse('malformed', 'a Slack form needs trigger_id and a type or command');
  const channel = asString(data.channel_id) ?? asString(isRecord(data.channel) ? data.channel.id : undefined);
  return { ok: true, delivery: { deliveryId: triggerId, type: `com.slack.${typeSegment(kind)}`, subject: channel ? `channel/${channel}` : undefined, data } };
}
