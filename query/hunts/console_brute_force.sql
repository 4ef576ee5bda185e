-- id: console_brute_force
-- title: Console brute force against one user
-- description: More than $max_failures failed console logins for the same user from the
--   same IP within any $span (Sentinel "multiple failed login attempts without MFA",
--   Panther brute force by IP and by user). The summary says whether a successful login
--   followed from that IP.
-- severity: high
-- tactics: TA0006
-- techniques: T1110.001
-- source: cloudtrail
-- logic: threshold
-- covers: aws_console_bruteforce_no_mfa, panther_std_bruteforce, sumo_failed_logins
-- tags: console, logins, brute-force
-- param: max_failures:int=4 | Failures within the span tolerated before a finding.
-- param: span:duration=1h | Sliding span the failures are counted in.
WITH logins AS (
    SELECT *,
           coalesce(actor.user.name, actor.user.uid, 'unknown') AS user_name,
           count(*) FILTER (WHERE status = 'Failure') OVER (
               PARTITION BY accountid, coalesce(actor.user.name, actor.user.uid, 'unknown'), src_endpoint.ip
               ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS failures_in_span
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.operation = 'ConsoleLogin'
)
SELECT
    min(time_dt) FILTER (WHERE status = 'Failure') AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    min(region) AS region,
    user_name AS actor,
    src_endpoint.ip AS src_ip,
    concat(CAST(count(*) FILTER (WHERE status = 'Failure') AS VARCHAR), ' failed logins as ', user_name,
           ' (peak ', CAST(max(failures_in_span) AS VARCHAR), ' within ', CAST($span AS VARCHAR), ')',
           CASE WHEN max(time_dt) FILTER (WHERE status = 'Success') > min(time_dt) FILTER (WHERE status = 'Failure')
                THEN ', then a successful login' ELSE '' END) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM logins
GROUP BY accountid, user_name, src_endpoint.ip
HAVING max(failures_in_span) > $max_failures
ORDER BY first_time
