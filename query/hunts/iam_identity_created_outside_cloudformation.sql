-- id: iam_identity_created_outside_cloudformation
-- title: IAM identity created outside CloudFormation
-- description: CreateUser, CreateRole or CreateGroup not invoked by CloudFormation:
--   where identities are managed as code, a hand-made one stands out.
-- severity: low
-- tactics: TA0003
-- techniques: T1136.003
-- source: cloudtrail
-- logic: filter
-- covers: tp_iam_identity_created_without_cloudformation
-- tags: iam, persistence
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.userName'), json_extract_string(api.request.data, '$.roleName'), json_extract_string(api.request.data, '$.groupName')), ' outside CloudFormation') AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'iam.amazonaws.com'
  AND api.operation IN ('CreateUser', 'CreateRole', 'CreateGroup')
  AND coalesce(actor.invoked_by, '') <> 'cloudformation.amazonaws.com'
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
