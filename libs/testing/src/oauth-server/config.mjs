// Resolves the server configuration: defaults from default-config.json (shared with the
// TypeScript harness so both sides agree on client ids, secrets and TTLs) overlaid with the JSON
// the caller passes in.
import { readFileSync } from 'node:fs';

const DEFAULTS = JSON.parse(readFileSync(new URL('./default-config.json', import.meta.url), 'utf8'));

/**
 * Top-level keys replace the default; `ttl` is merged per artifact so a test can shorten one
 * TTL without restating the others. `clients` replaces the whole list on purpose: a test that
 * declares its clients should not silently get extra ones.
 */
export function resolveConfig(json) {
  const given = json ? JSON.parse(json) : {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new TypeError('OAuth server config must be a JSON object');
  }
  const config = { ...DEFAULTS, ...given, ttl: { ...DEFAULTS.ttl, ...given.ttl } };
  validate(config);
  return config;
}

function validate(config) {
  if (!Number.isInteger(config.port) || config.port < 0) throw new TypeError('port must be an integer >= 0');
  if (!['always', 'offline_access'].includes(config.refreshTokens)) {
    throw new TypeError('refreshTokens must be "always" or "offline_access"');
  }
  for (const [artifact, seconds] of Object.entries(config.ttl)) {
    if (!Number.isInteger(seconds) || seconds <= 0) throw new TypeError(`ttl.${artifact} must be a positive integer (seconds)`);
  }
  const ids = new Set();
  for (const client of config.clients) {
    if (!client.client_id) throw new TypeError('every client needs a client_id');
    if (ids.has(client.client_id)) throw new TypeError(`duplicate client_id ${client.client_id}`);
    ids.add(client.client_id);
  }
}
