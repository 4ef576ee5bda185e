-- id: sigma_console_login_failures_from_one_address
-- title: Console login failures from one address
-- description: Written by the lakehunt team to test an event_count correlation over a rule of another file, named by its name. Converted from the Sigma rule console_login_failures_from_one_address.yml (8c69555e-0b82-434c-8581-ba3c2f421d2d).
-- severity: high
-- tactics: TA0006
-- techniques: T1110.001, T1110
-- source: cloudtrail
-- logic: threshold
-- covers: console_login_failures_from_one_address
-- tags: sigma, imported, correlation
WITH r1 AS (
    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND (((lower(api.operation) = lower('ConsoleLogin')) AND (lower(api.service.name) = lower('signin.amazonaws.com')) AND (lower(status) = lower('failure'))))
),
c2_events AS (
    SELECT *, 0 AS lh_rule, coalesce(src_endpoint.ip, src_endpoint.domain) AS lh_g0
    FROM r1
    WHERE (coalesce(src_endpoint.ip, src_endpoint.domain)) IS NOT NULL
),
c2_measured AS (
    SELECT *, count(*) OVER lh_w AS lh_n,
           CASE WHEN count(*) OVER lh_w >= 5 THEN time_dt - INTERVAL 600 SECOND END AS lh_start
    FROM c2_events
    WINDOW lh_w AS (PARTITION BY accountid, lh_g0 ORDER BY time_dt RANGE BETWEEN INTERVAL 600 SECOND PRECEDING AND CURRENT ROW)
),
c2_hits AS (
    SELECT *
    FROM (
        SELECT *, min(lh_start) OVER (PARTITION BY accountid, lh_g0 ORDER BY time_dt RANGE BETWEEN CURRENT ROW AND INTERVAL 600 SECOND FOLLOWING) AS lh_from
        FROM c2_measured
    )
    WHERE lh_from <= time_dt
)
FROM lh_group_findings('c2_hits', [lh_g0], concat('Console login failures from one address', ' for sourceIPAddress ', min(lh_g0), ': ', CAST(max(lh_n) AS VARCHAR), ' events within 10m (>= 5)'))
