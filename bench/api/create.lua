-- wrk script: POST /create-task with a small JSON body (no Idempotency-Key: every request
-- creates a task, which is what the benchmark measures).
wrk.method = "POST"
wrk.body = '{"external_id":"bench","task_type":"bench"}'
wrk.headers["Content-Type"] = "application/json"
