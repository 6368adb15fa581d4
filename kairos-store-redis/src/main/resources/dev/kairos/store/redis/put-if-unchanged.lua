-- Compare-and-set: writes KEYS[i] only if its stored value is still the expected one.
-- ARGV[1] is the expiry in milliseconds (0: none); then per key ARGV[2i] is the expected value
-- (empty: nothing stored; no row encodes to the empty string) and ARGV[2i + 1] the new one.
-- Like put-if-not-older.lua, the chunk is read with one MGET and written with one MSET (or one
-- SET PX per key with an expiry). A key given twice is compared with what the first row left.
-- Returns one integer per key, in order: 1 written, 0 refused.
local ttl = tonumber(ARGV[1])

local stored = redis.call('MGET', unpack(KEYS))
local current = {}
local chosen = {}
local order = {}
local result = {}
for i = 1, #KEYS do
  local key, expected, new = KEYS[i], ARGV[2 * i], ARGV[2 * i + 1]
  local now = current[key]
  if now == nil then
    now = stored[i] or ''
  end
  if now == expected then
    if chosen[key] == nil then
      order[#order + 1] = key
    end
    chosen[key] = new
    current[key] = new
    result[i] = 1
  else
    current[key] = now
    result[i] = 0
  end
end

if #order > 0 then
  if ttl > 0 then
    for _, key in ipairs(order) do
      redis.call('SET', key, chosen[key], 'PX', ttl)
    end
  else
    local args = {}
    for n, key in ipairs(order) do
      args[2 * n - 1] = key
      args[2 * n] = chosen[key]
    end
    redis.call('MSET', unpack(args))
  end
end
return result
