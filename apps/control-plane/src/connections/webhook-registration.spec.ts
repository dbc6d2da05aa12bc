import { AppError } from '@causeway/platform';
import type { ControlPlaneSettings } from '../auth/auth.service';
import { WebhookRegistrationService } from './webhook-registration';

const serviceWith = (publicWebhookBaseUrl: string | undefined) =>
  new WebhookRegistrationService(null as never, () => undefined, null as never, null as never, { publicWebhookBaseUrl } as ControlPlaneSettings);

describe('the inbound webhook URL', () => {
  it('is the data plane route under PUBLIC_WEBHOOK_BASE_URL', () => {
    expect(serviceWith('https://events.causeway.example/').inboundUrl('t-1', 'c-1')).toBe('https://events.causeway.example/v1/webhooks/t-1/c-1');
  });

  it('is refused, naming the setting, when the operator has not set where providers reach the data plane', () => {
    const refused = (() => {
      try {
        serviceWith(undefined).inboundUrl('t-1', 'c-1');
        return undefined;
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'conflict', message: expect.stringContaining('PUBLIC_WEBHOOK_BASE_URL is not set') });
  });
});
