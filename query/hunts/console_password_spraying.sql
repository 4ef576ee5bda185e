-- id: console_password_spraying
-- title: Password spraying against console logins
-- description: Failed console logins for more than $min_users distinct user names and
--   more than $min_failures failures in all, within any $span, in one account and
--   region (Panther password spraying query).
-- severity: high
-- tactics: TA0006
-- techniques: T1110.003
-- source: cloudtrail
-- logic: threshold
-- covers: panther_password_spraying, panther_std_bruteforce
-- tags: console, logins, brute-force
-- param: min_users:int=5 | Distinct user names needed (more than).
-- param: min_failures:int=10 | Failures needed (more than).
-- param: span:duration=1h | Length of the time buckets counted in.
WITH failures AS (
    SELECT *, coalesce(actor.user.name, actor.user.uid, 'unknown') AS user_name,
           time_bucket($span, time_dt) AS bucket
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.operation = 'ConsoleLogin'
      AND status = 'Failure'
)
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    NULL AS actor,
    min(src_endpoint.ip) AS src_ip,
    concat(CAST(count(*) AS VARCHAR), ' failed logins for ', CAST(count(DISTINCT user_name) AS VARCHAR), ' users from ',
           CAST(count(DISTINCT src_endpoint.ip) AS VARCHAR), ' IP(s): ',
           array_to_string(list_slice(list(DISTINCT src_endpoint.ip ORDER BY src_endpoint.ip), 1, 5), ', ')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM failures
GROUP BY accountid, region, bucket
HAVING count(DISTINCT user_name) > $min_users AND count(*) > $min_failures
ORDER BY first_time
