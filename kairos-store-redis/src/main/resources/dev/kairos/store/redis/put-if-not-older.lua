-- Writes rows unless the stored row is newer. KEYS[i] gets ARGV[i + 2]; ARGV[1] is the expiry in
-- milliseconds (0: none); ARGV[2] is '1' to try SET NX first (cheapest when most keys are new),
-- '0' to read first (cheapest when most keys exist). Either way the outcome is the same.
-- Bytes 2..17 of a row (RowCodec) are its event and created timestamps, ordered as unsigned bytes;
-- they are compared byte by byte because Lua's string '<' depends on the server's locale.
-- Returns the number of keys that held no row, so the client can pick the cheaper mode next time.
local ttl = tonumber(ARGV[1])
local nxFirst = ARGV[2] == '1'
local absent = 0

local function notOlder(old, new)
  if string.sub(old, 2, 17) == string.sub(new, 2, 17) then
    return true
  end
  for j = 2, 17 do
    local a, b = string.byte(old, j), string.byte(new, j)
    if a ~= b then
      return a < b
    end
  end
  return true
end

for i = 1, #KEYS do
  local key, new = KEYS[i], ARGV[i + 2]
  local done = false
  if nxFirst then
    if ttl > 0 then
      done = redis.call('SET', key, new, 'NX', 'PX', ttl)
    else
      done = redis.call('SET', key, new, 'NX')
    end
  end
  if done then
    absent = absent + 1
  else
    local old = redis.call('GET', key)
    if not old then
      absent = absent + 1
    end
    -- An identical row is left alone, unless rewriting it renews its expiry.
    if not old or ((ttl > 0 or old ~= new) and notOlder(old, new)) then
      if ttl > 0 then
        redis.call('SET', key, new, 'PX', ttl)
      else
        redis.call('SET', key, new)
      end
    end
  end
end
return absent
