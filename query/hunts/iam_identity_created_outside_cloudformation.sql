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
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'iam.amazonaws.com'
      AND api.operation IN ('CreateUser', 'CreateRole', 'CreateGroup')
      AND coalesce(actor.invoked_by, '') <> 'cloudformation.amazonaws.com'
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.userName'), json_extract_string(api.request.data, '$.roleName'), json_extract_string(api.request.data, '$.groupName')), ' outside CloudFormation'))
