-- id: lambda_code_updated
-- title: Lambda function code updated by a user
-- description: UpdateFunctionCode by an IAM user (Sentinel "Lambda function code
--   updated"): deployments usually come from a pipeline role, so a human changing code
--   in place is worth checking.
-- severity: low
-- tactics: TA0003, TA0002
-- techniques: T1525
-- source: cloudtrail
-- logic: filter
-- covers: aws_lambda_update_function_code,
--   stratus:aws.persistence.lambda-overwrite-code
-- tags: lambda, persistence
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat('code of ', json_extract_string(api.request.data, '$.functionName'), ' updated by ', actor.user.name) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'lambda.amazonaws.com'
  AND api.operation LIKE 'UpdateFunctionCode%'
  AND actor.user.type = 'IAMUser'
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
