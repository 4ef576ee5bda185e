-- id: access_key_created_for_another_user
-- title: Access key created for another user
-- description: CreateAccessKey where the target user differs from the caller: the
--   caller gets working long-term credentials of someone else, a backdoor that survives
--   the caller losing access. Judged against the account's $baseline before the window:
--   an actor who created keys for other users there, or a user others created keys for
--   there (an administrator rotating service users' keys), is routine, left to
--   access_key_created's low finding; an actor doing it for the first time, a key for a
--   user nobody issued keys for, or for a user new to the account (created in the
--   window, never in the baseline: a new user's first key is the backdoor, whoever
--   makes it) stays high, and so does anything without history. SSO administrators issuing keys made one to four high incidents of
--   every generated quiet day.
-- severity: high
-- tactics: TA0003, TA0006
-- techniques: T1098.001
-- source: cloudtrail
-- logic: filter
-- covers: aws_iam_backdoor_users_keys, panther_corr_user_key_backdoor_used, tp_iam_access_key_created,
--   stratus:aws.persistence.iam-backdoor-user
-- tags: iam, credentials, persistence, baseline
-- baseline: 14d
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT * EXCLUDE (target_user, for_another, routine)
    FROM lh_iam_user_calls('cloudtrail', ['CreateAccessKey'], $baseline_start, $window_start, $window_end)
    WHERE for_another AND NOT routine
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('access key ', coalesce(json_extract_string(api.response.data, '$.accessKey.accessKeyId'), ''), ' created for user ', json_extract_string(api.request.data, '$.userName')))
