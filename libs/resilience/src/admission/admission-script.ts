import { RedisScript } from '../common/redis-script';
import { GCRA_STEP_LUA, SERVER_NOW_LUA } from '../limits/gcra-script';

/**
 * `decideAdmission` (admission.ts) as one Redis script: every hold check and every GCRA take of
 * a call, read, decided and (only when all pass) written in one atomic step, one round trip.
 *
 * KEYS: the hold keys, then the bucket keys. ARGV[1]: now ms (negative: Redis' TIME, as in
 * gcra-script.ts); ARGV[2]: how many KEYS are holds; then per bucket: interval ms, burst, cost.
 * Reply: { 1 } when admitted; otherwise { 0, retryAfterMs (the max), i1, ms1, i2, ms2, ... }
 * with the 1-based position in KEYS of every check that refused and its own wait.
 *
 * A hold is the key's PTTL (RedisHoldStore writes them); a key without expiry (PTTL -1) is not
 * a hold, as RedisHoldStore.remainingMs reads it. Nothing is written unless every check passes,
 * so a refusal by one bucket costs the others nothing.
 */
export const ADMISSION_LUA = `${GCRA_STEP_LUA}${SERVER_NOW_LUA}
local now = server_now(tonumber(ARGV[1]))
local holds = tonumber(ARGV[2])
local refused = {}
local worst = 0
for i = 1, holds do
  local ms = redis.call('PTTL', KEYS[i])
  if ms > 0 then
    refused[#refused + 1] = i
    refused[#refused + 1] = ms
    if ms > worst then worst = ms end
  end
end
local writes = {}
for i = holds + 1, #KEYS do
  local a = 3 + (i - holds - 1) * 3
  local cost = tonumber(ARGV[a + 2])
  local allowed, retryAfter, _, _, newTat = gcra_step(redis.call('GET', KEYS[i]), now, tonumber(ARGV[a]), tonumber(ARGV[a + 1]), cost)
  if allowed == 0 then
    refused[#refused + 1] = i
    refused[#refused + 1] = retryAfter
    if retryAfter > worst then worst = retryAfter end
  elseif cost > 0 then
    writes[#writes + 1] = i
    writes[#writes + 1] = newTat
  end
end
if #refused > 0 then
  local reply = { 0, worst }
  for j = 1, #refused do reply[#reply + 1] = refused[j] end
  return reply
end
for j = 1, #writes, 2 do gcra_store(KEYS[writes[j]], writes[j + 1], now) end
return { 1 }
`;

export const admissionScript = new RedisScript(ADMISSION_LUA);
