-- POST the body in the file named by the BODY environment variable, with the
-- headers MOBPROC needs (and AUTH as a bearer token when set, for peers that
-- insist on one).
--
-- VARY lists JSON keys ("externalOrderNumber,name") whose string values
-- change on every request, so that each request sends a body the server has
-- not seen: every digit becomes another digit and every letter another
-- letter of the same case, and the first character, the length and
-- everything else stay (the rewrite the validator's benchmark makes, which
-- keeps the problems of the body). The first key's value comes from a
-- counter, START (default 0) upwards, so bodies are unique as long as its
-- digits and letters can count that far; the others take one of 1024
-- rewrites chosen by a hash of it. Without VARY every request sends the
-- same body.
local f = assert(io.open(os.getenv("BODY"), "rb"))
local body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-TNGO-TENANT"] = "bench"
wrk.headers["client_id"] = "bench"
if os.getenv("AUTH") then
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("AUTH")
end

local keys = {}
for k in (os.getenv("VARY") or ""):gmatch("[^,]+") do
  keys[#keys + 1] = k
end
local n = tonumber(os.getenv("START") or "0")

-- The body is cut once into the text between the values to rewrite and
-- those values (slots), so that a request costs a few small strings and
-- one concatenation: the load generator must stay cheap next to the server.
local slots = {}
for i, k in ipairs(keys) do
  local from = 1
  while true do
    local s, e, v = body:find('"' .. k .. '"%s*:%s*"([^"]*)"', from)
    if not s then
      break
    end
    local bytes = { v:byte(1, -1) }
    slots[#slots + 1] = { first = e - #v, last = e - 1, key = i, bytes = bytes }
    from = e + 1
  end
end
table.sort(slots, function(a, b) return a.first < b.first end)
local parts, at = {}, 1
for _, s in ipairs(slots) do
  parts[#parts + 1] = body:sub(at, s.first - 1)
  parts[#parts + 1] = s
  at = s.last + 1
end
parts[#parts + 1] = body:sub(at)

-- mutate rewrites the value of a slot from seed, from its last character
-- to its second.
local buf = {}
local function mutate(bytes, seed)
  local len = #bytes
  if len == 0 then
    return ""
  end
  buf[1] = bytes[1]
  for i = len, 2, -1 do
    local c = bytes[i]
    if c >= 48 and c <= 57 then
      c = 48 + seed % 10
      seed = math.floor(seed / 10)
    elseif c >= 97 and c <= 122 then
      c = 97 + seed % 26
      seed = math.floor(seed / 26)
    elseif c >= 65 and c <= 90 then
      c = 65 + seed % 26
      seed = math.floor(seed / 26)
    end
    buf[i] = c
  end
  return string.char(unpack(buf, 1, len))
end

-- Only the first key's values are rewritten per request; the others take
-- one of 1024 rewrites made now.
local choices = 1024
for _, s in ipairs(slots) do
  if s.key > 1 then
    s.values = {}
    for c = 1, choices do
      s.values[c] = mutate(s.bytes, (c * 2654435761 + s.key * 40503) % 2147483647)
    end
  end
end

local out = {}
for i, p in ipairs(parts) do
  out[i] = type(p) == "table" and "" or p
end
request = function()
  if #slots == 0 then
    return wrk.format(nil, nil, nil, body)
  end
  n = n + 1
  local h = (n * 2654435761) % 2147483647
  for i, p in ipairs(parts) do
    if type(p) == "table" then
      if p.key == 1 then
        out[i] = mutate(p.bytes, n)
      else
        out[i] = p.values[(h + p.key * 7919) % choices + 1]
      end
    end
  end
  return wrk.format(nil, nil, nil, table.concat(out))
end
