-- wrk script: POST a login body (the account is registered by the benchmark first).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email": "bench@example.com", "password": "bench-password-123"}'
