-- Writes rows unless the stored row is newer. KEYS[i] gets ARGV[i + 1]; ARGV[1] is the expiry in
-- milliseconds (0: none). Bytes 2..17 of a row (RowCodec) are its event and created timestamps,
-- ordered as unsigned bytes; byte-wise comparison avoids Lua's locale-dependent string '<'.
local ttl = tonumber(ARGV[1])
local written = 0
for i = 1, #KEYS do
  local new = ARGV[i + 1]
  local old = redis.call('GET', KEYS[i])
  local write = true
  if old then
    for j = 2, 17 do
      local a, b = string.byte(old, j), string.byte(new, j)
      if a ~= b then
        write = a < b
        break
      end
    end
  end
  if write then
    if ttl > 0 then
      redis.call('SET', KEYS[i], new, 'PX', ttl)
    else
      redis.call('SET', KEYS[i], new)
    end
    written = written + 1
  end
end
return written
