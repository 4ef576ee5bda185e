-- id: glue_dev_endpoint_activity
-- title: Glue development endpoint created or changed
-- description: CreateDevEndpoint, UpdateDevEndpoint or DeleteDevEndpoint: with
--   iam:PassRole, a development endpoint gives SSH access under any role Glue may
--   assume (Sigma "Glue development endpoint activity").
-- severity: low
-- tactics: TA0004
-- techniques: T1098
-- source: cloudtrail
-- logic: filter
-- covers: aws_passed_role_to_glue_development_endpoint
-- tags: glue, privilege-escalation
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.endpointName'), ''), coalesce(' role ' || json_extract_string(api.request.data, '$.roleArn'), '')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'glue.amazonaws.com'
  AND api.operation IN ('CreateDevEndpoint', 'DeleteDevEndpoint', 'UpdateDevEndpoint')
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
