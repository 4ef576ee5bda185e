-- id: login_profile_changed_routinely
-- title: Console password set for another user, as before
-- description: CreateLoginProfile or UpdateLoginProfile for another user by an actor
--   who changed other users' console passwords in the $baseline before the window, or
--   for a user whose password others changed there: a help desk's or administrator's
--   routine resets. Low, so that they stay visible; a change by an actor doing it for
--   the first time, for a user nobody set a password for before, or without history is
--   login_profile_changed's medium finding.
-- severity: low
-- tactics: TA0003, TA0006
-- techniques: T1098
-- source: cloudtrail
-- logic: filter
-- covers: -
-- tags: iam, credentials, baseline
-- baseline: 14d
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT * EXCLUDE (target_user, for_another, routine)
    FROM lh_iam_user_calls('cloudtrail', ['CreateLoginProfile', 'UpdateLoginProfile'], $baseline_start, $window_start, $window_end)
    WHERE routine
)
SELECT * FROM lh_filter_findings('matched', $gap, concat(api.operation, ' for ', json_extract_string(api.request.data, '$.userName')))
