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
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'lambda.amazonaws.com')
    WHERE ((api.operation LIKE 'AddPermission%' AND json_extract_string(api.request.data, '$.principal') = '*')
           OR (regexp_matches(api.operation, '^(Create|Update)FunctionUrlConfig') AND json_extract_string(api.request.data, '$.authType') = 'NONE'))
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(regexp_replace(api.operation, '[0-9_v]+$', ''), ' on ', json_extract_string(api.request.data, '$.functionName'), ' opens it to everyone'))
