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
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.guardrailIdentifier'), '')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'bedrock.amazonaws.com'
  AND api.operation IN ('DeleteGuardrail', 'UpdateGuardrail')
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
