-- id: bedrock_guardrail_changed
-- title: Bedrock guardrail deleted or updated
-- description: DeleteGuardrail or UpdateGuardrail removes or loosens the content
--   filters on generative AI applications (Sigma).
-- severity: medium
-- tactics: TA0005
-- techniques: T1562.001
-- source: cloudtrail
-- logic: filter
-- covers: aws_cloudtrail_bedrock_guardrail_deleted, aws_cloudtrail_bedrock_guardrail_updated
-- tags: bedrock, tampering
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'bedrock.amazonaws.com')
    WHERE api.operation IN ('DeleteGuardrail', 'UpdateGuardrail')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.guardrailIdentifier'), '')))
