-- The SQL one GET /task-status/{id} runs, as the route runs it (the actor is written
-- api.bench: pgbench would read a colon before a word as one of its variables): one pipeline (one round
-- trip, one implicit transaction) of the identity prelude and the status SELECT.
\startpipeline
SELECT set_config('role', 'authenticated', true), set_config('request.jwt.claims', '{"role":"authenticated"}', true), set_config('taskmgr.actor', 'api.bench', true);
SELECT json_build_object('task_id', t.task_id, 'status', t.status, 'result', t.result, 'error_message', t.error_message, 'attempt_count', t.attempt_count, 'max_attempts', t.max_attempts, 'created_at', t.created_at, 'updated_at', t.updated_at)::text FROM task_manager t WHERE t.task_id = :task_id;
\endpipeline
