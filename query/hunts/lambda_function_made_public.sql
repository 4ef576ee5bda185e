-- id: lambda_function_made_public
-- title: Lambda function opened to everyone
-- description: AddPermission with principal "*" or CreateFunctionUrlConfig /
--   UpdateFunctionUrlConfig with AuthType NONE: anyone can invoke the function
--   (Tailpipe "Lambda function granted public access", Sigma "new Lambda function
--   URL").
-- severity: high
-- tactics: TA0001, TA0003
-- techniques: T1190
-- source: cloudtrail
-- logic: filter
-- covers: tp_lambda_function_granted_public_access, aws_lambda_function_url,
--   stratus:aws.persistence.lambda-backdoor-function
-- tags: lambda, exposure
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(regexp_replace(api.operation, '[0-9_v]+$', ''), ' on ', json_extract_string(api.request.data, '$.functionName'), ' opens it to everyone') AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'lambda.amazonaws.com'
  AND ((api.operation LIKE 'AddPermission%' AND json_extract_string(api.request.data, '$.principal') = '*')
       OR (regexp_matches(api.operation, '^(Create|Update)FunctionUrlConfig') AND json_extract_string(api.request.data, '$.authType') = 'NONE'))
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
