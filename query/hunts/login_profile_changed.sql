-- id: login_profile_changed
-- title: Console password created or changed for a user
-- description: CreateLoginProfile or UpdateLoginProfile gives a user a console password
--   or replaces it. When the caller is not the user, this is account takeover or a
--   backdoor into the console. Judged against the account's $baseline before the window:
--   a change for another user by an actor who changed other users' passwords there, or
--   for a user whose password others changed there (a help desk's resets), is routine,
--   left to login_profile_changed_routinely's low finding. Resets by administrators made
--   two or three medium incidents of every generated quiet day.
-- severity: medium
-- tactics: TA0003, TA0006
-- techniques: T1098
-- source: cloudtrail
-- logic: filter
-- covers: aws_create_login_profile, aws_login_profile_updated, tp_iam_user_login_profile_created, tp_iam_user_login_profile_updated, aws_update_login_profile,
--   stratus:aws.persistence.iam-create-user-login-profile, stratus:aws.privilege-escalation.iam-update-user-login-profile
-- tags: iam, credentials, persistence, baseline
-- baseline: 14d
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT * EXCLUDE (target_user, for_another, routine)
    FROM lh_iam_user_calls('cloudtrail', ['CreateLoginProfile', 'UpdateLoginProfile'], $baseline_start, $window_start, $window_end)
    WHERE NOT routine
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' for ', coalesce(json_extract_string(api.request.data, '$.userName'), 'the caller'),
        CASE WHEN json_extract_string(api.request.data, '$.userName') IS NOT NULL AND json_extract_string(api.request.data, '$.userName') IS DISTINCT FROM actor.user.name THEN ' by another identity' ELSE '' END))
