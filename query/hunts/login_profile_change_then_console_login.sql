-- id: login_profile_change_then_console_login
-- title: Console password set, then used to log in
-- description: CreateLoginProfile or UpdateLoginProfile for a user by another identity,
--   followed within $max_gap by a successful console login of that user: an account
--   taken over through a password reset. Only logins from an address the user did not
--   sign in from in the $baseline before the window count: an administrator resetting a
--   colleague's password, who then signs in from the desk they always use, is the
--   help desk at work (on generated data, a critical incident most quiet days); the
--   intruder who set the password signs in from elsewhere. A user without sign-ins
--   in the baseline counts every login.
-- severity: high
-- tactics: TA0003, TA0001
-- techniques: T1098, T1078.004
-- source: cloudtrail
-- logic: sequence
-- covers: panther_corr_password_reset_takeover, aws_update_login_profile, aws_create_login_profile
-- tags: iam, console, credentials, baseline
-- baseline: 14d
-- param: max_gap:duration=30h | Longest time between the password change and the login.
WITH resets AS (
    SELECT time_dt, metadata.uid AS uid, accountid, lh_actor(actor) AS actor_id, src_endpoint.ip AS ip,
           json_extract_string(api.request.data, '$.userName') AS user_name
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'iam.amazonaws.com'
      AND api.operation IN ('CreateLoginProfile', 'UpdateLoginProfile')
      AND api.response.error IS NULL
      AND json_extract_string(api.request.data, '$.userName') IS DISTINCT FROM actor.user.name
),
sign_ins AS (
    SELECT time_dt, metadata.uid AS uid, accountid, region, src_endpoint.ip AS ip, actor.user.name AS user_name
    FROM cloudtrail
    WHERE time_dt >= $baseline_start AND time_dt < $window_end
      AND api.operation = 'ConsoleLogin' AND status = 'Success'
),
logins AS (
    SELECT l.*
    FROM sign_ins l
    WHERE l.time_dt >= $window_start
      AND NOT EXISTS (SELECT 1 FROM sign_ins b
                      WHERE b.time_dt < $window_start AND b.accountid = l.accountid
                        AND b.user_name = l.user_name AND b.ip = l.ip)
)
SELECT
    r.time_dt AS first_time,
    max(l.time_dt) AS last_time,
    r.accountid AS account,
    min(l.region) AS region,
    r.actor_id AS actor,
    arg_min(l.ip, l.time_dt) AS src_ip,
    concat('password of ', r.user_name, ' set by ', r.actor_id, ', then ', CAST(count(*) AS VARCHAR),
           ' console login(s) as ', r.user_name, ' from ', string_agg(DISTINCT l.ip, ', ' ORDER BY l.ip)) AS summary,
    count(*) + 1 AS event_count,
    lh_evidence(r.uid, l.uid, l.time_dt) AS evidence_uids,
    count(*) + 1 AS evidence_total
FROM resets r
JOIN logins l ON l.user_name = r.user_name AND l.accountid = r.accountid
 AND l.time_dt > r.time_dt AND l.time_dt <= r.time_dt + $max_gap
GROUP BY r.time_dt, r.uid, r.accountid, r.actor_id, r.user_name
ORDER BY first_time
