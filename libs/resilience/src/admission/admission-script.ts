import { RedisScript } from '../common/redis-script';
import { GCRA_STEP_LUA, SERVER_NOW_LUA } from '../limits/gcra-script';

/**
 * `decideAdmission` (admission.ts) as one Redis script, for a batch of calls: each call's hold
 * checks and GCRA takes are read, decided and (only when all of that call's checks pass)
 * written atomically, the calls one after another in batch order, all in one round trip.
 * A batch of one is the plain per-call decision; RedisAdmission batches the calls of one
 * event-loop turn.
 *
 * KEYS: every call's keys, call after call: its hold keys, then its bucket keys.
 * ARGV: per call, `now` ms (negative: Redis' TIME, read once per batch, as in gcra-script.ts),
 * how many keys it has, how many of them are holds, then per bucket: interval ms, burst, cost.
 * Reply: one entry per call: { 1 } when admitted; otherwise { 0, retryAfterMs (the max), i1,
 * ms1, i2, ms2, ... } with the 1-based position among that call's own keys of every check that
 * refused and its own wait.
 *
 * A hold is the key's PTTL (RedisHoldStore writes them); a key without expiry (PTTL -1) is not
 * a hold, as RedisHoldStore.remainingMs reads it. Nothing is written for a call unless every
 * one of its checks passes, so a refusal by one bucket costs its other buckets nothing.
 */
export const ADMISSION_LUA = `${GCRA_STEP_LUA}${SERVER_NOW_LUA}
local server_time = -1
local function now_of(given)
  if given >= 0 then return given end
  if server_time < 0 then server_time = server_now(-1) end
  return server_time
end

local function decide(k, a, count, holds, now)
  local refused = {}
  local worst = 0
  for i = 1, holds do
    local ms = redis.call('PTTL', KEYS[k + i])
    if ms > 0 then
      refused[#refused + 1] = i
      refused[#refused + 1] = ms
      if ms > worst then worst = ms end
    end
  end
  local writes = {}
  for i = holds + 1, count do
    local b = a + (i - holds - 1) * 3
    local cost = tonumber(ARGV[b + 2])
    local allowed, retryAfter, _, _, newTat = gcra_step(redis.call('GET', KEYS[k + i]), now, tonumber(ARGV[b]), tonumber(ARGV[b + 1]), cost)
    if allowed == 0 then
      refused[#refused + 1] = i
      refused[#refused + 1] = retryAfter
      if retryAfter > worst then worst = retryAfter end
    elseif cost > 0 then
      writes[#writes + 1] = k + i
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
end

local replies = {}
local k = 0
local a = 1
while a <= #ARGV do
  local now = now_of(tonumber(ARGV[a]))
  local count = tonumber(ARGV[a + 1])
  local holds = tonumber(ARGV[a + 2])
  replies[#replies + 1] = decide(k, a + 3, count, holds, now)
  a = a + 3 + (count - holds) * 3
  k = k + count
end
return replies
`;

export const admissionScript = new RedisScript(ADMISSION_LUA);
