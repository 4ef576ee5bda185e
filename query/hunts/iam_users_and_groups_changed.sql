-- id: iam_users_and_groups_changed
-- title: IAM users and groups created or deleted
-- description: CreateUser, DeleteUser, CreateGroup or DeleteGroup succeeded: new
--   long-lived identities are a classic persistence mechanism, deletions may clean up
--   after one.
-- severity: low
-- tactics: TA0003
-- techniques: T1136.003
-- source: cloudtrail
-- logic: filter
-- covers: aws_iam_user_group_changes, tp_iam_user_created
-- tags: iam, persistence
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'iam.amazonaws.com')
    WHERE api.operation IN ('CreateUser', 'DeleteUser', 'CreateGroup', 'DeleteGroup')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.userName'), json_extract_string(api.request.data, '$.groupName'))))
