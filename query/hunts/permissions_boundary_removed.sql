-- id: permissions_boundary_removed
-- title: Permissions boundary removed
-- description: DeleteUserPermissionsBoundary or DeleteRolePermissionsBoundary lifts the
--   ceiling on what an identity may do.
-- severity: medium
-- tactics: TA0004
-- techniques: T1098
-- source: cloudtrail
-- logic: filter
-- covers: changes_to_aws_iam_policy
-- tags: iam, privilege-escalation
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.operation, ' on ', coalesce(json_extract_string(api.request.data, '$.userName'), json_extract_string(api.request.data, '$.roleName'))) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'iam.amazonaws.com'
  AND api.operation IN ('DeleteUserPermissionsBoundary', 'DeleteRolePermissionsBoundary')
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
