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
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'bedrock.amazonaws.com'
      AND api.operation IN ('DeleteGuardrail', 'UpdateGuardrail')
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.guardrailIdentifier'), '')))
