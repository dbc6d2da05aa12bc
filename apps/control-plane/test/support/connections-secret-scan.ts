import type { ControlPlaneHarness } from './control-plane-harness';

/** Where a secret was found: the channel and a short excerpt with the secret masked. */
export interface SecretSighting {
  channel: string;
  excerpt: string;
}

/**
 * Everything an operator, an admin or an agent can see, by channel: log lines, published
 * events (audit and config), GraphQL responses, `/metrics` of each service given, and any
 * extra text the test collected (error bodies, callback answers).
 */
export async function observableChannels(
  harness: ControlPlaneHarness,
  metricsUrls: string[],
  extra: Record<string, string[]> = {},
): Promise<Record<string, string>> {
  const metrics = await Promise.all(metricsUrls.map(async (url) => (await fetch(`${url}/metrics`)).text()));
  return {
    logs: harness.logs.join('\n'),
    events: harness.events.map((event) => JSON.stringify(event.value)).join('\n'),
    graphql: harness.responses.join('\n'),
    metrics: metrics.join('\n'),
    ...Object.fromEntries(Object.entries(extra).map(([channel, texts]) => [channel, texts.join('\n')])),
  };
}

/**
 * Looks for each secret in each channel, also URL-encoded, form-encoded and Base64-encoded, so
 * a secret cannot slip through in another spelling. Returns every sighting; a test expects
 * the list to be empty.
 */
export function findSecrets(channels: Record<string, string>, secrets: ReadonlyArray<string | undefined>): SecretSighting[] {
  const sightings: SecretSighting[] = [];
  for (const secret of new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 8))) {
    const spellings = new Set([
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
      Buffer.from(secret).toString('base64'),
    ]);
    for (const [channel, text] of Object.entries(channels)) {
      for (const spelling of spellings) {
        const at = text.indexOf(spelling);
        if (at >= 0)
          sightings.push({
            channel,
            excerpt: `${text.slice(Math.max(0, at - 60), at)}[secret ${secret.slice(0, 4)}…]${text.slice(at + spelling.length, at + spelling.length + 60)}`,
          });
      }
    }
  }
  return sightings;
}
