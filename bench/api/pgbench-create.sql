-- The SQL one POST /create-task runs (without an Idempotency-Key): the identity prelude and
-- the INSERT … RETURNING of the full task, in one pipeline. Triggers write the history row.
\startpipeline
SELECT set_config('role', 'service_role', true), set_config('request.jwt.claims', '{"role":"service_role"}', true), set_config('taskmgr.actor', 'api.bench', true);
INSERT INTO task_manager AS t (task_id, external_id, poll_url, poll_method, task_type, max_attempts, timeout_minutes, metadata) VALUES (gen_random_uuid()::text, 'bench', NULL, 'GET', 'bench', 10, 120, NULL) RETURNING json_build_object('task_id', t.task_id, 'status', t.status, 'external_id', t.external_id, 'poll_url', t.poll_url, 'poll_method', t.poll_method, 'task_type', t.task_type, 'result', t.result, 'error_message', t.error_message, 'created_at', t.created_at, 'updated_at', t.updated_at, 'attempt_count', t.attempt_count, 'max_attempts', t.max_attempts, 'timeout_minutes', t.timeout_minutes, 'metadata', t.metadata, 'user_id', t.user_id, 'retry_count', t.retry_count, 'failure_reason', t.failure_reason, 'deadline_at', t.deadline_at, 'next_poll_at', t.next_poll_at, 'finished_at', t.finished_at)::text;
\endpipeline
