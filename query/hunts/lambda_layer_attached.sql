-- id: lambda_layer_attached
-- title: Layer attached to an existing Lambda function
-- description: UpdateFunctionConfiguration setting layers on a function that already
--   exists, outside CloudFormation and by an identity not in $deployers. A layer can
--   carry an extension, a process that starts with every execution environment, sees
--   each invocation's event and holds the function's credentials: code planted there
--   survives deployments of the function's own code. Functions are normally given
--   their layers by the pipeline that deploys them; list its roles in $deployers. The
--   layers are read from the request or, when the record leaves them out there, from
--   the response (Panther's test events carry them only in responseElements).
-- severity: medium
-- tactics: TA0003
-- techniques: T1525, T1546
-- source: cloudtrail
-- logic: filter
-- covers: stratus:aws.persistence.lambda-layer-extension
-- tags: lambda, persistence
-- param: deployers:strings= | Principals that deploy functions (role or user ARNs, as in session issuers), ignored.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'lambda.amazonaws.com')
    WHERE api.operation LIKE 'UpdateFunctionConfiguration%'
      AND len(coalesce(json_extract_string(api.request.data, '$.layers[*]'), []) || coalesce(json_extract_string(api.response.data, '$.layers[*].arn'), [])) > 0
      AND coalesce(actor.invoked_by, '') <> 'cloudformation.amazonaws.com'
      AND NOT list_contains($deployers, coalesce(actor.session.issuer, actor.user.uid))
)
SELECT * FROM lh_object_findings('matched',
    concat('layers set on ', regexp_replace(json_extract_string(api.request.data, '$.functionName'), '^arn:[^:]+:lambda:[^:]*:[0-9]*:function:', ''), ': ',
           array_to_string(list_transform(coalesce(nullif(json_extract_string(api.request.data, '$.layers[*]'), []), json_extract_string(api.response.data, '$.layers[*].arn')),
               l -> regexp_replace(l, '^arn:[^:]+:lambda:[^:]*:([0-9]*):layer:', '\1:')), ', ')))
