-- Writes rows unless the stored row is newer. KEYS[i] gets ARGV[i + 1]; ARGV[1] is the expiry in
-- milliseconds (0: none).
-- Bytes 2..17 of a row (RowCodec) are its event and created timestamps, ordered as unsigned bytes;
-- they are compared byte by byte because Lua's string '<' depends on the server's locale.
-- The whole chunk is read with one MGET and, without expiry, written with one MSET: a redis.call
-- costs far more than the Lua around it, so one call per key (GET, then SET) made the script
-- several times dearer per row. A key given twice is judged against the row chosen for it so far.
-- Returns the number of keys written.
local ttl = tonumber(ARGV[1])

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

local stored = redis.call('MGET', unpack(KEYS))
local chosen = {}
local order = {}
for i = 1, #KEYS do
  local key, new = KEYS[i], ARGV[i + 1]
  local old = chosen[key]
  if old == nil then
    old = stored[i]
  end
  -- An identical row is left alone, unless rewriting it renews its expiry.
  if not old or ((ttl > 0 or old ~= new) and notOlder(old, new)) then
    if chosen[key] == nil then
      order[#order + 1] = key
    end
    chosen[key] = new
  end
end

if #order == 0 then
  return 0
end
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
return #order
