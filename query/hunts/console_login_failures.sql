-- id: console_login_failures
-- title: Failed console logins
-- description: Console logins that failed (responseElements.ConsoleLogin = Failure),
--   grouped by user and source IP (Sumo Logic "failed logins"). User names may read
--   HIDDEN_DUE_TO_SECURITY_REASONS when the name given did not exist.
-- severity: low
-- tactics: TA0006
-- techniques: T1110
-- source: cloudtrail
-- logic: filter
-- covers: sumo_failed_logins, aws_cloudtrail_console_login_failed_authentication, sumo_login_events_by_user, sumo_logins_over_time
-- tags: console, logins, sumo
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat('failed console login as ', coalesce(actor.user.name, actor.user.type, '?')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.operation = 'ConsoleLogin'
  AND status = 'Failure'
GROUP BY ALL
ORDER BY first_time
