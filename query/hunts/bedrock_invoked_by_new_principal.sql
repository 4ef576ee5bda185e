-- id: bedrock_invoked_by_new_principal
-- title: Bedrock models invoked by a principal that never used them
-- description: A principal (a role, whatever the session, or a user) invoked foundation
--   models (InvokeModel, Converse and their streaming forms) in the window although it
--   made no invocation in the $baseline before, while it was active there. The roles of
--   applications built on Bedrock invoke every day and stay quiet; a principal that
--   suddenly starts, a developer's key or a CI role, is what stolen credentials look like
--   when they are used for free LLM access. Principals absent from the baseline are
--   skipped.
-- severity: medium
-- tactics: TA0040
-- techniques: T1496
-- source: cloudtrail
-- logic: first-seen
-- covers: -
-- tags: bedrock, impact, llmjacking, baseline
-- baseline: 30d
WITH invocations AS (
    SELECT *, coalesce(actor.session.issuer, actor.user.uid, actor.user.name) AS principal
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'bedrock.amazonaws.com'
      AND api.operation IN ('InvokeModel', 'InvokeModelWithResponseStream', 'Converse', 'ConverseStream')
),
known AS (
    SELECT coalesce(actor.session.issuer, actor.user.uid, actor.user.name) AS principal,
           bool_or(api.service.name = 'bedrock.amazonaws.com'
                   AND api.operation IN ('InvokeModel', 'InvokeModelWithResponseStream', 'Converse', 'ConverseStream')) AS invoked
    FROM cloudtrail
    WHERE time_dt >= $baseline_start AND time_dt < $window_start
      AND coalesce(actor.session.issuer, actor.user.uid, actor.user.name) IN (SELECT principal FROM invocations)
    GROUP BY 1
)
SELECT
    min(i.time_dt) AS first_time,
    max(i.time_dt) AS last_time,
    i.accountid AS account,
    min(i.region) AS region,
    i.principal AS actor,
    min(i.src_endpoint.ip) AS src_ip,
    concat('first invocations by this principal: ', CAST(count(*) AS VARCHAR), ' calls',
           CASE WHEN count(*) FILTER (WHERE i.api.response.error IS NOT NULL) > 0
                THEN concat(' (', CAST(count(*) FILTER (WHERE i.api.response.error IS NOT NULL) AS VARCHAR), ' refused)') ELSE '' END,
           ' of ', array_to_string(list_sort(list(DISTINCT coalesce(json_extract_string(i.api.request.data, '$.modelId'), '?'))), ', '),
           ' from ', array_to_string(list_slice(list_sort(list(DISTINCT coalesce(i.src_endpoint.ip, i.src_endpoint.domain))), 1, 5), ', ')) AS summary,
    count(*) AS event_count,
    lh_evidence(i.metadata.uid, i.time_dt) AS evidence_uids,
    count(i.metadata.uid) AS evidence_total
FROM invocations i
JOIN known k ON k.principal = i.principal AND NOT k.invoked
GROUP BY i.accountid, i.principal
ORDER BY first_time
