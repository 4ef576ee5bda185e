-- id: sigma_brute_force_then_login
-- title: Failed console logins, then a success, from one address
-- description: Written by the lakehunt team after the example of the correlation specification, to test a correlation of a correlation. Converted from the Sigma rule brute_force_then_login.yml (1f7a1a0f-65d2-499e-a354-7aa20ecd6ad2).
-- severity: high
-- tactics: TA0006, TA0001
-- techniques: T1110, T1078.004
-- source: cloudtrail
-- logic: sequence
-- covers: brute_force_then_login
-- tags: sigma, imported, correlation
WITH r1 AS (
    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND (((lower(api.operation) = lower('ConsoleLogin')) AND (lower(json_extract_string(api.response.data, '$.ConsoleLogin')) = lower('Failure'))))
),
c2_events AS (
    SELECT *, 0 AS lh_rule, coalesce(src_endpoint.ip, src_endpoint.domain) AS lh_g0
    FROM r1
    WHERE (coalesce(src_endpoint.ip, src_endpoint.domain)) IS NOT NULL
),
c2_measured AS (
    SELECT *, count(*) OVER lh_w AS lh_n,
           CASE WHEN count(*) OVER lh_w >= 3 THEN time_dt - INTERVAL 300 SECOND END AS lh_start
    FROM c2_events
    WINDOW lh_w AS (PARTITION BY accountid, lh_g0 ORDER BY time_dt RANGE BETWEEN INTERVAL 300 SECOND PRECEDING AND CURRENT ROW)
),
r3 AS (
    SELECT COLUMNS(c -> NOT starts_with(c, 'lh_'))
    FROM c2_measured WHERE lh_start IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY metadata.uid ORDER BY time_dt) = 1
),
r4 AS (
    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND (((lower(api.operation) = lower('ConsoleLogin')) AND (lower(json_extract_string(api.response.data, '$.ConsoleLogin')) = lower('Success'))))
),
c5_events AS (
    SELECT *, 0 AS lh_rule, coalesce(src_endpoint.ip, src_endpoint.domain) AS lh_g0
    FROM r3
    WHERE (coalesce(src_endpoint.ip, src_endpoint.domain)) IS NOT NULL
    UNION ALL BY NAME
    SELECT *, 1 AS lh_rule, coalesce(src_endpoint.ip, src_endpoint.domain) AS lh_g0
    FROM r4
    WHERE (coalesce(src_endpoint.ip, src_endpoint.domain)) IS NOT NULL
),
c5_s0 AS (
    SELECT *, CASE WHEN lh_rule = 0 THEN time_dt END AS lh_s0
    FROM c5_events
),
c5_s1 AS (
    SELECT *, CASE WHEN lh_rule = 1 THEN max(lh_s0) OVER (PARTITION BY accountid, lh_g0 ORDER BY time_dt RANGE BETWEEN INTERVAL 600 SECOND PRECEDING AND CURRENT ROW) END AS lh_s1
    FROM c5_s0
),
c5_measured AS (
    SELECT *, 2 AS lh_n,
           CASE WHEN lh_rule = 1 AND time_dt - lh_s1 <= INTERVAL 600 SECOND THEN lh_s1 END AS lh_start
    FROM c5_s1
),
c5_hits AS (
    SELECT *
    FROM (
        SELECT *, min(lh_start) OVER (PARTITION BY accountid, lh_g0 ORDER BY time_dt RANGE BETWEEN CURRENT ROW AND INTERVAL 600 SECOND FOLLOWING) AS lh_from
        FROM c5_measured
    )
    WHERE lh_from <= time_dt
),
c5_hits_once AS (
    SELECT *
    FROM c5_hits
    QUALIFY row_number() OVER (PARTITION BY accountid, lh_g0, metadata.uid ORDER BY lh_rule) = 1
)
FROM lh_group_findings('c5_hits_once', [lh_g0], concat('Failed console logins, then a success, from one address', ' for sourceIPAddress ', min(lh_g0), ': ', 'brute_many_failed then brute_success within 10m'))
