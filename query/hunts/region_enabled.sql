-- id: region_enabled
-- title: Opt-in region enabled
-- description: EnableRegion (account.amazonaws.com) turns on an opt-in region, a place
--   few teams watch (Sigma "EnableRegion command monitoring").
-- severity: medium
-- tactics: TA0005
-- techniques: T1535
-- source: cloudtrail
-- logic: filter
-- covers: aws_cloudtrail_region_enabled, unused_unsupported_cloud_regions
-- tags: regions
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat('region ', coalesce(json_extract_string(api.request.data, '$.RegionName'), json_extract_string(api.request.data, '$.regionName'), ''), ' enabled') AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.operation = 'EnableRegion'
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
