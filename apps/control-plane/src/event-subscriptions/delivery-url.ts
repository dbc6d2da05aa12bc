import { checkTarget, EgressRefusedError, judgeAddresses, parseTarget, type EgressSettings, type Resolver } from '@causeway/egress';
import { EventSubscriptionsError, EventSubscriptionsErrorCode as Code } from './event-subscriptions.errors';

/**
 * Checks a delivery URL when it is submitted, with the egress guard's own rules and the
 * address the name has now: https, no credentials, no private, loopback or metadata address
 * unless the operator admits it. The data plane checks again on every delivery (the name may
 * resolve elsewhere by then); this check is so a tenant learns at once, naming the field.
 */
export async function checkDeliveryUrl(input: string, settings: EgressSettings, resolve: Resolver, plainHttpAllowed: boolean): Promise<string> {
  try {
    if (input.length > 2000) throw new EventSubscriptionsError(Code.InvalidInput, 'url: at most 2000 characters', 'url');
    const url = parseTarget(input);
    if (url.protocol !== 'https:' && !plainHttpAllowed) throw new EventSubscriptionsError(Code.UnsafeUrl, 'url: must be https', 'url');
    checkTarget(url, { declaredHosts: [url.hostname] }, settings);
    let addresses;
    try {
      addresses = await resolve(url.hostname.replace(/^\[|\]$/g, ''));
    } catch {
      throw new EventSubscriptionsError(Code.UnsafeUrl, `url: ${url.hostname} does not resolve`, 'url');
    }
    judgeAddresses(url.hostname, addresses, url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80, url.protocol, settings);
    return url.toString();
  } catch (error) {
    if (error instanceof EgressRefusedError) throw new EventSubscriptionsError(Code.UnsafeUrl, `url: refused by the egress policy (${error.reason})`, 'url');
    throw error;
  }
}
