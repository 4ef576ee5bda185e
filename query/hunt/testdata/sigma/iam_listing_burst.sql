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
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    min(region) AS region,
    min(lh_actor(actor)) AS actor,
    min(src_endpoint.ip) AS src_ip,
    concat('Burst of IAM listing calls from one address', concat(' for sourceIPAddress ', coalesce(src_endpoint.ip, src_endpoint.domain)), ': ', CAST(count(*) AS VARCHAR), ' (threshold > 50)') AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail_all
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND (((lower(api.operation) LIKE lower('List%') ESCAPE '\') AND (lower(api.service.name) = lower('iam.amazonaws.com'))))
GROUP BY accountid, coalesce(src_endpoint.ip, src_endpoint.domain), time_bucket(INTERVAL 600 SECOND, time_dt)
HAVING count(*) > 50
ORDER BY first_time
