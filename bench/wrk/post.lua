-- POST the body in the file named by the BODY environment variable, with the
-- headers MOBPROC needs. UNIQUE=1 makes each request's externalOrderNumber
-- unique (for submissions), by replacing the first "externalOrderNumber" value.
local f = assert(io.open(os.getenv("BODY"), "rb"))
local body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-TNGO-TENANT"] = "bench"
wrk.headers["client_id"] = "bench"
local unique = os.getenv("UNIQUE") == "1"
local n = 0
request = function()
  if not unique then
    return wrk.format(nil, nil, nil, body)
  end
  n = n + 1
  local b = body:gsub('"externalOrderNumber"%s*:%s*"[^"]*"', '"externalOrderNumber":"B' .. n .. '"', 1)
  return wrk.format(nil, nil, nil, b)
end
