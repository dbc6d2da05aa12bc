import { RedisScript } from '../common/redis-script';

/**
 * `gcraStep` (gcra.ts) in Lua, shared by every script that takes GCRA tokens (this one and
 * the admission script, admission/admission-script.ts), so the arithmetic exists once per
 * language. Returns allowed (0|1), retryAfterMs, remaining, resetAfterMs and the TAT to store
 * (nil when refused).
 */
export const GCRA_STEP_LUA = `
local function gcra_step(raw, now, interval, burst, cost)
  local eps = 1e-6
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
    return 0, math.ceil(allowAt - now), remaining, math.ceil(tat - now), nil
  end
  return 1, 0, math.floor((now - allowAt) / interval + eps), math.ceil(newTat - now), newTat
end
local function gcra_store(key, newTat, now)
  redis.call('SET', key, string.format('%.3f', newTat), 'PX', math.ceil(newTat - now))
end
`;

/** `now` from ARGV (ms), or Redis' own clock when it is negative. */
export const SERVER_NOW_LUA = `
local function server_now(given)
  if given >= 0 then return given end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
end
`;

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
export const GCRA_LUA = `${GCRA_STEP_LUA}${SERVER_NOW_LUA}
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local now = server_now(tonumber(ARGV[4]))
local allowed, retryAfter, remaining, resetAfter, newTat = gcra_step(redis.call('GET', KEYS[1]), now, interval, burst, cost)
if allowed == 1 and cost > 0 then gcra_store(KEYS[1], newTat, now) end
return { allowed, retryAfter, remaining, resetAfter }
`;

export const gcraScript = new RedisScript(GCRA_LUA);
