-- id: user_added_to_admin_group
-- title: User added to an administrative group
-- description: AddUserToGroup where the group name matches $admin_group_pattern (a
--   regular expression, case-insensitive by default).
-- severity: high
-- tactics: TA0004, TA0003
-- techniques: T1098
-- source: cloudtrail
-- logic: filter
-- covers: aws_iam_user_group_changes
-- tags: iam, privilege-escalation
-- param: admin_group_pattern:string=(?i)admin|root|power|ops | Regular expression for group names that grant administration.
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'iam.amazonaws.com')
    WHERE api.operation = 'AddUserToGroup'
      AND regexp_matches(json_extract_string(api.request.data, '$.groupName'), $admin_group_pattern)
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('user ', json_extract_string(api.request.data, '$.userName'), ' added to group ', json_extract_string(api.request.data, '$.groupName')))
