-- id: bedrock_model_access_enabled_then_invoked
-- title: Bedrock model access enabled, then the model invoked by the same principal
-- description: One principal (a role, whatever the session, or a user) turned on access to
--   a foundation model (PutUseCaseForModelAccess, CreateFoundationModelAgreement,
--   PutFoundationModelEntitlement) and within $max_gap invoked a model (InvokeModel,
--   Converse and their streaming forms). Enabling a model is a rare administrative step
--   and applications invoke with their own roles; the same credentials doing both in
--   quick succession is how stolen keys are turned into free LLM access at the
--   account's expense ("LLMjacking").
-- severity: high
-- tactics: TA0040
-- techniques: T1496
-- source: cloudtrail
-- logic: sequence
-- covers: stratus:aws.impact.bedrock-invoke-model
-- tags: bedrock, impact, llmjacking
-- param: max_gap:duration=1h | Longest time between enabling model access and an invocation.
WITH calls AS (
    SELECT time_dt, metadata.uid AS uid, accountid, region, src_endpoint.ip AS ip, api.operation AS operation,
           api.response.error AS error,
           coalesce(actor.session.issuer, actor.user.uid, actor.user.name) AS principal,
           coalesce(json_extract_string(api.request.data, '$.modelId'), '?') AS model,
           api.operation IN ('PutUseCaseForModelAccess', 'CreateFoundationModelAgreement', 'PutFoundationModelEntitlement') AS is_enabling
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'bedrock.amazonaws.com'
      AND ((api.operation IN ('PutUseCaseForModelAccess', 'CreateFoundationModelAgreement', 'PutFoundationModelEntitlement') AND api.response.error IS NULL)
           OR api.operation IN ('InvokeModel', 'InvokeModelWithResponseStream', 'Converse', 'ConverseStream'))
)
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    min(region) AS region,
    principal AS actor,
    min(ip) AS src_ip,
    concat('enabled ', array_to_string(list_sort(list(DISTINCT operation) FILTER (WHERE is_enabling)), ', '),
           ', then ', CAST(count(*) FILTER (WHERE NOT is_enabling) AS VARCHAR), ' invocations',
           CASE WHEN count(*) FILTER (WHERE NOT is_enabling AND error IS NOT NULL) > 0
                THEN concat(' (', CAST(count(*) FILTER (WHERE NOT is_enabling AND error IS NOT NULL) AS VARCHAR), ' refused)') ELSE '' END,
           ' of ', array_to_string(list_sort(list(DISTINCT model) FILTER (WHERE NOT is_enabling)), ', ')) AS summary,
    count(*) AS event_count,
    lh_evidence(uid, time_dt) AS evidence_uids,
    count(uid) AS evidence_total
FROM lh_then('calls', principal, is_enabling, $max_gap)
GROUP BY accountid, principal
HAVING count(*) FILTER (WHERE is_enabling) > 0 AND count(*) FILTER (WHERE NOT is_enabling) > 0
ORDER BY first_time
