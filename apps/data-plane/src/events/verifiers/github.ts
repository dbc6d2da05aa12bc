import { anySecretSigns, asString, hmacSha256, isRecord, parseJson, typeSegment } from './hmac';
import { refuse, type InboundRequest, type Verified, type WebhookVerifier } from './verifier';

/**
 * GitHub: `X-Hub-Signature-256: sha256=hex(HMAC-SHA256(secret, raw body))`. There is no
 * timestamp: a replay is caught by `X-GitHub-Delivery`, which a redelivery keeps, so the store's
 * deduplication is the replay defence.
 */
export const githubVerifier: WebhookVerifier = {
  provider: 'github',
  verify(request: InboundRequest, secrets: readonly string[]): Verified {
    const signature = request.headers['x-hub-signature-256'];
    if (!signature) return refuse('missing_signature', 'X-Hub-Signature-256 is required');
    if (!anySecretSigns(secrets, [signature], (secret) => `sha256=${hmacSha256(secret, request.body, 'hex')}`)) {
      return refuse('bad_signature', 'X-Hub-Signature-256 does not match');
    }
    const deliveryId = request.headers['x-github-delivery'];
    const event = request.headers['x-github-event'];
    const body = parseJson(request.body);
    if (!deliveryId || !event || !isRecord(body)) return refuse('malformed', 'X-GitHub-Delivery, X-GitHub-Event and a JSON body are required');
    const action = asString(body.action);
    return {
      ok: true,
      delivery: {
        deliveryId,
        type: `com.github.${typeSegment(event)}${action ? `.${typeSegment(action)}` : ''}`,
        subject: subjectOf(body),
        data: body,
      },
    };
  },
};

/** `owner/repo#42` for an issue or pull request, else `owner/repo`. */
function subjectOf(body: Record<string, unknown>): string | undefined {
  const repo = isRecord(body.repository) ? asString(body.repository.full_name) : undefined;
  if (!repo) return undefined;
  const item = isRecord(body.pull_request) ? body.pull_request : isRecord(body.issue) ? body.issue : undefined;
  const number = item ? asString(item.number) : undefined;
  return number ? `${repo}#${number}` : repo;
}
