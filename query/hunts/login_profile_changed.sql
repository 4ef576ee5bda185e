-- id: login_profile_changed
-- title: Console password created or changed for a user
-- description: CreateLoginProfile or UpdateLoginProfile gives a user a console password
--   or replaces it. When the caller is not the user, this is account takeover or a
--   backdoor into the console.
-- severity: medium
-- tactics: TA0003, TA0006
-- techniques: T1098
-- source: cloudtrail
-- logic: filter
-- covers: aws_create_login_profile, aws_login_profile_updated, tp_iam_user_login_profile_created, tp_iam_user_login_profile_updated, aws_update_login_profile,
--   stratus:aws.persistence.iam-create-user-login-profile, stratus:aws.privilege-escalation.iam-update-user-login-profile
-- tags: iam, credentials, persistence
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'iam.amazonaws.com')
    WHERE api.operation IN ('CreateLoginProfile', 'UpdateLoginProfile')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' for ', coalesce(json_extract_string(api.request.data, '$.userName'), 'the caller'),
        CASE WHEN json_extract_string(api.request.data, '$.userName') IS NOT NULL AND json_extract_string(api.request.data, '$.userName') IS DISTINCT FROM actor.user.name THEN ' by another identity' ELSE '' END))
