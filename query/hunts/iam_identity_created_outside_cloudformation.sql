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
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'iam.amazonaws.com')
    WHERE api.operation IN ('CreateUser', 'CreateRole', 'CreateGroup')
      AND coalesce(actor.invoked_by, '') <> 'cloudformation.amazonaws.com'
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.userName'), json_extract_string(api.request.data, '$.roleName'), json_extract_string(api.request.data, '$.groupName')), ' outside CloudFormation'))
