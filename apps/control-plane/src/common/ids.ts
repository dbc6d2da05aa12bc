import { AppError } from '@causeway/platform';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids from outside are checked before they reach a query, so a bad one is a 4xx naming the field. */
export function parseId(value: string, field = 'id'): string {
  if (!uuid.test(value)) throw new AppError('invalid_input', `${field}: not a valid id`, { field });
  return value.toLowerCase();
}
