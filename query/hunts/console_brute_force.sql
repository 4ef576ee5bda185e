-- id: console_brute_force
-- title: Console brute force against one user
-- description: More than $max_failures failed console logins for the same user within
--   any $span, from any addresses (Sentinel "multiple failed login attempts without
--   MFA", Panther brute force by IP and by user): a guesser rotating addresses is one
--   finding. The summary says whether a successful login followed, and from where.
-- severity: high
-- tactics: TA0006
-- techniques: T1110.001
-- source: cloudtrail
-- logic: threshold
-- covers: aws_console_bruteforce_no_mfa, panther_std_bruteforce, sumo_failed_logins
-- tags: console, logins, brute-force
-- param: max_failures:int=4 | Failures within the span tolerated before a finding.
-- param: span:duration=1h | Sliding span the failures are counted in.
-- param: gap:duration=1h | A pause longer than this (and than the span) between the actor's events starts a new finding.
WITH logins AS (
    SELECT *,
           coalesce(actor.user.name, actor.user.uid, 'unknown') AS user_name,
           count(*) FILTER (WHERE status = 'Failure') OVER (
               PARTITION BY accountid, coalesce(actor.user.name, actor.user.uid, 'unknown')
               ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS failures_in_span
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.operation = 'ConsoleLogin'
)
-- One finding per user and stretch of time, whatever the addresses: a
-- pause longer than $gap between logins starts the next stretch. src_ip is
-- the address of the stretch's first failure; the summary counts the rest.
SELECT
    min(time_dt) FILTER (WHERE status = 'Failure') AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    min(region) AS region,
    user_name AS actor,
    lh_earliest(CASE WHEN status = 'Failure' THEN src_endpoint.ip END, time_dt) AS src_ip,
    concat(CAST(count(*) FILTER (WHERE status = 'Failure') AS VARCHAR), ' failed logins as ', user_name,
           lh_spread(src_endpoint.ip, NULL, ' '),
           ' (peak ', CAST(max(failures_in_span) AS VARCHAR), ' within ', CAST($span AS VARCHAR), ')',
           CASE WHEN max(time_dt) FILTER (WHERE status = 'Success') > min(time_dt) FILTER (WHERE status = 'Failure')
                THEN concat(', then a successful login from ', max_by(src_endpoint.ip, (time_dt, src_endpoint.ip)) FILTER (WHERE status = 'Success'))
                ELSE '' END) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM lh_bursts('logins', user_name, failures_in_span > $max_failures, $span, $gap)
GROUP BY accountid, user_name, stretch
ORDER BY first_time
