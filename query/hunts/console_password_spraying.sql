-- id: console_password_spraying
-- title: Password spraying against console logins
-- description: Failed console logins for more than $min_users distinct user names and
--   more than $min_failures failures in all, within any $span, in one account, from any
--   addresses and regions (Panther password spraying query). One finding per stretch
--   of the account's failed logins.
-- severity: high
-- tactics: TA0006
-- techniques: T1110.003
-- source: cloudtrail
-- logic: threshold
-- covers: panther_password_spraying, panther_std_bruteforce
-- tags: console, logins, brute-force
-- param: min_users:int=5 | Distinct user names needed (more than).
-- param: min_failures:int=10 | Failures needed (more than).
-- param: span:duration=1h | Length of the sliding span counted in.
-- param: gap:duration=1h | A pause longer than this (and than the span) between failed logins starts a new finding.
WITH failures AS (
    SELECT *, coalesce(actor.user.name, actor.user.uid, 'unknown') AS user_name,
           count(*) OVER (PARTITION BY accountid ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS failures_in_span,
           count(DISTINCT coalesce(actor.user.name, actor.user.uid, 'unknown')) OVER (
               PARTITION BY accountid ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS users_in_span
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.operation = 'ConsoleLogin'
      AND status = 'Failure'
)
-- The sprayer has no identity of its own: one finding per account and
-- stretch of failed logins, whatever the addresses. src_ip is the first
-- failure's address; the summary counts the rest.
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    lh_earliest(region, time_dt) AS region,
    NULL AS actor,
    lh_earliest(src_endpoint.ip, time_dt) AS src_ip,
    concat(CAST(count(*) AS VARCHAR), ' failed logins for ', CAST(count(DISTINCT user_name) AS VARCHAR), ' users from ',
           CASE WHEN count(DISTINCT src_endpoint.ip) = 1 THEN concat('1 IP: ', min(src_endpoint.ip)) ELSE
           CASE WHEN count(DISTINCT src_endpoint.ip) > 1 THEN concat(CAST(count(DISTINCT src_endpoint.ip) AS VARCHAR), ' IPs',
                     CASE WHEN count(DISTINCT regexp_extract(src_endpoint.ip, '^(\d+\.\d+\.\d+)\.\d+$', 1)) = 1 AND max(regexp_extract(src_endpoint.ip, '^(\d+\.\d+\.\d+)\.\d+$', 1)) <> ''
                          THEN concat(' in ', max(regexp_extract(src_endpoint.ip, '^(\d+\.\d+\.\d+)\.\d+$', 1)), '.0/24') ELSE '' END,
                     ' (top: ', lh_top(src_endpoint.ip, 5), ')') ELSE '' END END,
           CASE WHEN count(DISTINCT region) > 1 THEN concat(', in ', CAST(count(DISTINCT region) AS VARCHAR), ' regions: ',
                array_to_string(list(DISTINCT region ORDER BY region), ', ')) ELSE '' END) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM lh_bursts('failures', accountid, users_in_span > $min_users AND failures_in_span > $min_failures, $span, $gap)
GROUP BY accountid, stretch
ORDER BY first_time
