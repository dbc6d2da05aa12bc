import { anySecretSigns, asString, hmacSha256, isoFromEpoch, isRecord, parseJson, typeSegment } from './hmac';
import { refuse, type InboundRequest, type Verified, type WebhookVerifier } from './verifier';

/**
 * Jira webhooks registered with a secret: `X-Hub-Signature: sha256=hex(HMAC-SHA256(secret, raw
 * body))` (Atlassian's `method=signature` form). Jira sends no signed timestamp, so, as with
 * GitHub, a replay is caught by `X-Atlassian-Webhook-Identifier`, which its retries keep.
 * A webhook registered without a secret cannot be verified and is refused.
 */
export const jiraVerifier: WebhookVerifier = {
  provider: 'jira',
  verify(request: InboundRequest, secrets: readonly string[]): Verified {
    const signature = request.headers['x-hub-signature'];
    if (!signature) return refuse('missing_signature', 'X-Hub-Signature is required (register the webhook with a secret)');
    if (!anySecretSigns(secrets, [signature], (secret) => `sha256=${hmacSha256(secret, request.body, 'hex')}`)) {
      return refuse('bad_signature', 'X-Hub-Signature does not match');
    }
    const body = parseJson(request.body);
    const event = isRecord(body) ? asString(body.webhookEvent) : undefined;
    const deliveryId = request.headers['x-atlassian-webhook-identifier'];
    if (!isRecord(body) || !event || !deliveryId) return refuse('malformed', 'X-Atlassian-Webhook-Identifier and a body with webhookEvent are required');
    const issue = isRecord(body.issue) ? asString(body.issue.key) : undefined;
    return {
      ok: true,
      delivery: {
        deliveryId,
        // `jira:issue_created` → `com.atlassian.jira.issue_created`
        type: `com.atlassian.jira.${typeSegment(event.replace(/^jira:/, ''))}`,
        subject: issue ? `issue/${issue}` : undefined,
        time: isoFromEpoch(body.timestamp, 'ms'),
        data: body,
      },
    };
  },
};
