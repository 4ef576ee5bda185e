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
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.operation = 'EnableRegion'
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('region ', coalesce(json_extract_string(api.request.data, '$.RegionName'), json_extract_string(api.request.data, '$.regionName'), ''), ' enabled'))
