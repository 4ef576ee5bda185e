-- id: lambda_created_then_invoked_or_exposed
-- title: Lambda function created, then invoked or exposed
-- description: CreateFunction followed within $max_gap, by the same actor, by Invoke,
--   AddPermission or CreateFunctionUrlConfig on that function: the iam:PassRole +
--   lambda:CreateFunction privilege escalation, or a fresh function opened to callers.
-- severity: medium
-- tactics: TA0004, TA0002
-- techniques: T1648
-- source: cloudtrail
-- logic: sequence
-- covers: aws_lambda_function_created_or_invoked, aws_lambda_function_url
-- tags: lambda, privilege-escalation, execution
-- param: max_gap:duration=10m | Longest time between creating the function and using it.
WITH lambda_calls AS (
    SELECT time_dt, metadata.uid AS uid, accountid, region, src_endpoint.ip AS ip, lh_actor(actor) AS actor_id,
           regexp_replace(api.operation, '[0-9_v]+$', '') AS operation,
           regexp_extract(coalesce(json_extract_string(api.request.data, '$.functionName'), json_extract_string(api.response.data, '$.functionName')), '([^:]+)$', 1) AS function_name
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'lambda.amazonaws.com'
      AND api.response.error IS NULL
)
SELECT
    c.time_dt AS first_time,
    max(f.time_dt) AS last_time,
    c.accountid AS account,
    c.region,
    c.actor_id AS actor,
    c.ip AS src_ip,
    concat('function ', c.function_name, ' created, then ', string_agg(DISTINCT f.operation, ', ' ORDER BY f.operation)) AS summary,
    count(*) + 1 AS event_count,
    lh_evidence(c.uid, f.uid, f.time_dt) AS evidence_uids,
    count(*) + 1 AS evidence_total
FROM lambda_calls c
JOIN lambda_calls f ON f.function_name = c.function_name AND f.accountid = c.accountid AND f.actor_id = c.actor_id
 AND f.time_dt > c.time_dt AND f.time_dt <= c.time_dt + $max_gap
WHERE c.operation = 'CreateFunction'
  AND f.operation IN ('Invoke', 'AddPermission', 'CreateFunctionUrlConfig')
GROUP BY c.time_dt, c.uid, c.accountid, c.region, c.actor_id, c.ip, c.function_name
ORDER BY first_time
