-- id: s3_object_deletion_spree
-- title: S3 object deletion spree by one identity
-- description: One identity made at least $min_objects DeleteObject calls, or at least
--   $min_batches DeleteObjects calls (up to 1,000 keys each, which CloudTrail does not
--   name), within any $span, on any buckets: data destroyed after it was copied out, or
--   before a ransom note (resource_deletion_burst counts management deletions only).
--   The summary counts the deletions of a given version, which no delete marker can undo.
-- severity: high
-- tactics: TA0040
-- techniques: T1485, T1490
-- source: cloudtrail
-- logic: threshold
-- covers: -
-- tags: s3, impact, ransomware, data-events
-- param: min_objects:int=100 | DeleteObject calls that make a finding.
-- param: min_batches:int=5 | DeleteObjects calls that make a finding.
-- param: span:duration=10m | Length of the sliding span counted in.
-- param: gap:duration=1h | A pause longer than this (and than the span) between the actor's deletions starts a new finding.
WITH deletions AS (
    SELECT *,
           json_extract_string(api.request.data, '$.bucketName') AS bucket,
           CASE WHEN api.operation = 'DeleteObject' THEN 1 ELSE 0 END AS single,
           CASE WHEN api.operation = 'DeleteObjects' THEN 1 ELSE 0 END AS batch
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 's3.amazonaws.com'
      AND api.operation IN ('DeleteObject', 'DeleteObjects')
      AND api.response.error IS NULL
),
counted AS (
    SELECT *,
           sum(single) OVER (PARTITION BY accountid, lh_actor(actor) ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS singles_in_span,
           sum(batch) OVER (PARTITION BY accountid, lh_actor(actor) ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS batches_in_span
    FROM deletions
),
bursts AS (
    FROM lh_bursts('counted', lh_actor(actor), singles_in_span >= $min_objects OR batches_in_span >= $min_batches, $span, $gap)
)
SELECT * FROM lh_stretch_findings('bursts',
    concat(array_to_string(list_filter([
               CASE WHEN sum(single) > 0 THEN concat(CAST(sum(single) AS VARCHAR), ' DeleteObject',
                    CASE WHEN count(json_extract_string(api.request.data, '$.versionId')) > 0
                         THEN concat(' (', CAST(count(json_extract_string(api.request.data, '$.versionId')) AS VARCHAR), ' of a given version)') ELSE '' END) END,
               CASE WHEN sum(batch) > 0 THEN concat(CAST(sum(batch) AS VARCHAR), ' DeleteObjects') END], part -> part IS NOT NULL), ' and '),
           ' in ', CASE WHEN count(DISTINCT bucket) = 1 THEN 'bucket ' ELSE 'buckets ' END, lh_top(bucket, 8),
           ' (peak ', CAST(greatest(max(singles_in_span), max(batches_in_span)) AS VARCHAR), ' calls within ', CAST($span AS VARCHAR), ')',
           lh_spread(src_endpoint.ip, region, ', ')))
