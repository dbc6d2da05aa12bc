import { RedisScript } from '../common/redis-script';

/**
 * `gcraStep` (gcra.ts) as one Redis script, so the read-compare-write of a key's TAT is atomic
 * across every data-plane replica.
 *
 * KEYS[1] the key's TAT; ARGV: emission interval ms, burst, cost, now ms (negative: use the
 * server's clock). Returns { allowed 0|1, retryAfterMs, remaining, resetAfterMs }.
 *
 * Clock: by default `now` is Redis' own `TIME`, read inside the script. Every replica then
 * measures time on one clock, so a replica whose clock runs 200 ms ahead cannot admit calls
 * the others would refuse (or push the TAT into the future for everyone). Redis 5+ replicates
 * scripts by their effects, so reading TIME before a write is allowed. Tests pass `now`
 * explicitly to replay exact sequences; a caller must never mix the two for one key.
 *
 * The TAT is written with SET .. PX (the atomic form of SET + PEXPIRE): it expires exactly
 * when the bucket would be full again, so idle keys cost Redis nothing.
 */
export const GCRA_LUA = `
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
end
local eps = 1e-6
local raw = redis.call('GET', KEYS[1])
local tat = now
if raw then
  tat = tonumber(raw)
  if tat < now then tat = now end
end
local newTat = tat + cost * interval
local allowAt = newTat - burst * interval
if allowAt > now + eps then
  local remaining = math.floor((now - (tat - burst * interval)) / interval + eps)
  if remaining < 0 then remaining = 0 end
  return { 0, math.ceil(allowAt - now), remaining, math.ceil(tat - now) }
end
if cost > 0 then
  redis.call('SET', KEYS[1], string.format('%.3f', newTat), 'PX', math.ceil(newTat - now))
end
return { 1, 0, math.floor((now - allowAt) / interval + eps), math.ceil(newTat - now) }
`;

export const gcraScript = new RedisScript(GCRA_LUA);
