-- id: sigma_few_buckets_deleted
-- title: A few buckets deleted by one identity in an hour
-- description: Written by the lakehunt team to test a correlation condition with a ceiling (a range), counted in buckets of the timespan. Converted from the Sigma rule few_buckets_deleted.yml (a7291929-5ab6-438f-b2d4-ba3c79d81938).
-- severity: low
-- tactics: TA0040
-- techniques: T1485
-- source: cloudtrail
-- logic: threshold
-- covers: few_buckets_deleted
-- tags: sigma, imported, correlation
WITH r1 AS (
    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND (((lower(api.operation) = lower('DeleteBucket')) AND (lower(api.service.name) = lower('s3.amazonaws.com'))))
),
c2_events AS (
    SELECT *, 0 AS lh_rule, actor.user.uid AS lh_g0
    FROM r1
    WHERE (actor.user.uid) IS NOT NULL
),
c2_buckets AS (
    SELECT accountid, lh_g0, time_bucket(INTERVAL 3600 SECOND, time_dt) AS lh_bucket, count(*) AS lh_n, max(time_dt) AS lh_last
    FROM c2_events
    GROUP BY ALL
    HAVING count(*) > 2 AND count(*) <= 4
),
c2_hits AS (
    SELECT e.*, b.lh_n, b.lh_last
    FROM c2_events e
    JOIN c2_buckets b ON e.accountid = b.accountid AND time_bucket(INTERVAL 3600 SECOND, e.time_dt) = b.lh_bucket AND e.lh_g0 = b.lh_g0
)
FROM lh_group_findings('c2_hits', [lh_g0], concat('A few buckets deleted by one identity in an hour', ' for userIdentity.arn ', min(lh_g0), ': ', CAST(max(lh_n) AS VARCHAR), ' events in one 1h bucket (> 2 and <= 4)'))
