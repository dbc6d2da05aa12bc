import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const schema = z.object({
  jwtSecret: z.string().min(32),
  apiKeyPepper: z.string().min(32),
  internalToken: z.string().min(32),
});

export type EmbeddedSecrets = z.infer<typeof schema>;

/**
 * The embedded default's service secrets: generated at first start and kept (mode 0600)
 * beside the data, so sessions and API keys survive a restart. Production reads them from
 * the environment instead.
 */
export function loadOrCreateEmbeddedSecrets(file: string): EmbeddedSecrets {
  if (existsSync(file)) {
    const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file}: not a valid secrets file (${parsed.error.issues[0].message}); remove it to regenerate`);
    return parsed.data;
  }
  const secrets: EmbeddedSecrets = {
    jwtSecret: randomBytes(32).toString('base64url'),
    apiKeyPepper: randomBytes(32).toString('base64url'),
    internalToken: randomBytes(32).toString('base64url'),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
