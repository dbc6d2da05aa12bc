import { hash, verify, Algorithm } from '@node-rs/argon2';

/** OWASP's argon2id baseline (19 MiB, 2 iterations, 1 lane). */
const options = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

/**
 * Verifies against the stored hash, or against a fixed dummy hash when there is none, so an
 * unknown user costs the same time as a wrong password and the two cannot be told apart.
 */
let dummy: Promise<string> | undefined;
export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  dummy ??= hash('causeway-timing-equaliser', options);
  const target = storedHash ?? (await dummy);
  const ok = await verify(target, password).catch(() => false);
  return ok && Boolean(storedHash);
}

export const passwordPolicy = { minLength: 12, maxLength: 256 };
