-- id: sigma_iam_listing_spread
-- title: Many kinds of IAM listing by one identity
-- description: Written by the lakehunt team to test a value_count correlation over a rule of the same file, named by its id. Converted from the Sigma rule iam_listing_spread.yml (1fb44f69-020e-44f1-9764-adc867c0d94d).
-- severity: medium
-- tactics: TA0007
-- techniques: T1087.004
-- source: cloudtrail
-- logic: threshold
-- covers: iam_listing_spread
-- tags: sigma, imported, correlation
WITH r1 AS (
    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND (((lower(api.operation) LIKE lower('List%') ESCAPE '\' OR lower(api.operation) LIKE lower('Get%') ESCAPE '\') AND (lower(api.service.name) = lower('iam.amazonaws.com'))))
),
c2_events AS (
    SELECT *, 0 AS lh_rule, actor.user.uid AS lh_g0, api.operation AS lh_v
    FROM r1
    WHERE (actor.user.uid) IS NOT NULL AND (api.operation) IS NOT NULL
),
c2_measured AS (
    SELECT *, count(DISTINCT lh_v) OVER lh_w AS lh_n,
           CASE WHEN count(DISTINCT lh_v) OVER lh_w >= 4 THEN time_dt - INTERVAL 300 SECOND END AS lh_start
    FROM c2_events
    WINDOW lh_w AS (PARTITION BY accountid, lh_g0 ORDER BY time_dt RANGE BETWEEN INTERVAL 300 SECOND PRECEDING AND CURRENT ROW)
),
c2_hits AS (
    SELECT *
    FROM (
        SELECT *, min(lh_start) OVER (PARTITION BY accountid, lh_g0 ORDER BY time_dt RANGE BETWEEN CURRENT ROW AND INTERVAL 300 SECOND FOLLOWING) AS lh_from
        FROM c2_measured
    )
    WHERE lh_from <= time_dt
)
FROM lh_group_findings('c2_hits', [lh_g0], concat('Many kinds of IAM listing by one identity', ' for userIdentity.arn ', min(lh_g0), ': ', CAST(max(lh_n) AS VARCHAR), ' distinct eventName within 5m (>= 4)'))
