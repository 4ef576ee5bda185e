-- id: sigma_iam_listing_burst
-- title: Burst of IAM listing calls from one address
-- description: Written by the lakehunt team to test count() by with a timeframe. Converted from the Sigma rule iam_listing_burst.yml (5a0c1e0e-3b7a-4d8e-9a55-2f5c7b9e1a03).
-- severity: medium
-- tactics: TA0007
-- techniques: T1087.004
-- source: cloudtrail
-- logic: threshold
-- covers: iam_listing_burst
-- tags: sigma, imported
WITH r1 AS (
    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND (((lower(api.operation) LIKE lower('List%') ESCAPE '\') AND (lower(api.service.name) = lower('iam.amazonaws.com'))))
),
c2_events AS (
    SELECT *, 0 AS lh_rule, coalesce(src_endpoint.ip, src_endpoint.domain) AS lh_g0
    FROM r1
    WHERE (coalesce(src_endpoint.ip, src_endpoint.domain)) IS NOT NULL
),
c2_measured AS (
    SELECT *, count(*) OVER lh_w AS lh_n,
           CASE WHEN count(*) OVER lh_w > 50 THEN time_dt - INTERVAL 600 SECOND END AS lh_start
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
FROM lh_group_findings('c2_hits', [lh_g0], concat('Burst of IAM listing calls from one address', ' for sourceIPAddress ', min(lh_g0), ': ', CAST(max(lh_n) AS VARCHAR), ' events within 10m (> 50)'))
