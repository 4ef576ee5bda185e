-- id: console_login_failures
-- title: Failed console logins
-- description: Console logins that failed (responseElements.ConsoleLogin = Failure),
--   one finding per user and stretch of time (Sumo Logic "failed logins"). User names may read
--   HIDDEN_DUE_TO_SECURITY_REASONS when the name given did not exist.
-- severity: low
-- tactics: TA0006
-- techniques: T1110
-- source: cloudtrail
-- logic: filter
-- covers: sumo_failed_logins, aws_cloudtrail_console_login_failed_authentication, sumo_login_events_by_user, sumo_logins_over_time
-- tags: console, logins, sumo
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.operation = 'ConsoleLogin'
      AND status = 'Failure'
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('failed console login as ', coalesce(actor.user.name, actor.user.type, '?')))
