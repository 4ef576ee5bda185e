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
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'iam.amazonaws.com')
    WHERE api.operation IN ('DeleteUserPermissionsBoundary', 'DeleteRolePermissionsBoundary')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' on ', coalesce(json_extract_string(api.request.data, '$.userName'), json_extract_string(api.request.data, '$.roleName'))))
