import { AppError } from '@causeway/platform';

export enum EventSubscriptionsErrorCode {
  InvalidInput = 'EVENT_SUBSCRIPTION_INVALID_INPUT',
  UnsafeUrl = 'EVENT_SUBSCRIPTION_UNSAFE_URL',
  TooMany = 'EVENT_SUBSCRIPTION_LIMIT_REACHED',
  NotFound = 'EVENT_SUBSCRIPTION_NOT_FOUND',
}

const codes = {
  [EventSubscriptionsErrorCode.InvalidInput]: 'invalid_input',
  [EventSubscriptionsErrorCode.UnsafeUrl]: 'invalid_input',
  [EventSubscriptionsErrorCode.TooMany]: 'conflict',
  [EventSubscriptionsErrorCode.NotFound]: 'not_found',
} as const;

export class EventSubscriptionsError extends AppError {
  constructor(
    readonly reason: EventSubscriptionsErrorCode,
    message: string,
    field?: string,
  ) {
    super(codes[reason], message, field ? { field } : {});
  }
}
