import { randomBytes } from 'node:crypto';

/** An unguessable token with a vendor-looking prefix (`xoxb-`, `gho_`, `CFPAT-`). */
export function randomToken(prefix: string, bytes = 24): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

export function randomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);
}

/** Characters vendors use in IDs (Slack `C0123ABCD`, Contentful `5KPW3HoFPIy35O6KwbPwkm`). */
export function randomId(prefix: string, length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (let index = 0; index < length; index++) out += alphabet[(bytes[index] as number) % alphabet.length];
  return out;
}
