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
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat('user ', json_extract_string(api.request.data, '$.userName'), ' added to group ', json_extract_string(api.request.data, '$.groupName')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'iam.amazonaws.com'
  AND api.operation = 'AddUserToGroup'
  AND regexp_matches(json_extract_string(api.request.data, '$.groupName'), $admin_group_pattern)
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
