-- GET with the headers MOBPROC needs.
wrk.method = "GET"
wrk.headers["X-TNGO-TENANT"] = "bench"
wrk.headers["client_id"] = "bench"
