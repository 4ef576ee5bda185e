-- id: s3_large_download
-- title: Large S3 download by one identity
-- description: GetObject data events of one identity, on any buckets, whose
--   bytesTransferredOut add up to at least $min_bytes within any $span (Panther
--   "S3 large download", Tailpipe "S3 large file downloaded").
-- severity: medium
-- tactics: TA0010
-- techniques: T1530, T1567
-- source: cloudtrail
-- logic: threshold
-- covers: panther_s3_large_download, tp_s3_large_file_downloaded
-- tags: s3, exfiltration
-- param: min_bytes:int=52428800 | Bytes downloaded that make a finding (50 MiB).
-- param: span:duration=10m | Length of the sliding span counted in.
-- param: gap:duration=1h | A pause longer than this (and than the span) between the actor's events starts a new finding.
WITH events AS (
    SELECT *,
           sum(try_cast(unmapped['additionalEventData.bytesTransferredOut'] AS DOUBLE)) OVER (PARTITION BY accountid, lh_actor(actor)
                          ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS in_span
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 's3.amazonaws.com'
      AND api.operation = 'GetObject'
      AND api.response.error IS NULL
),
bursts AS (
    FROM lh_bursts('events', lh_actor(actor), in_span >= $min_bytes, $span, $gap)
)
SELECT * FROM lh_stretch_findings('bursts',
    concat(CAST(sum(try_cast(unmapped['additionalEventData.bytesTransferredOut'] AS DOUBLE)) / 1048576.0 AS DECIMAL(18, 1)), ' MiB in ',
           CAST(count(*) AS VARCHAR), ' GetObject from ', CASE WHEN count(DISTINCT json_extract_string(api.request.data, '$.bucketName')) = 1 THEN 'bucket ' ELSE 'buckets ' END,
           lh_top(json_extract_string(api.request.data, '$.bucketName'), 8),
           ' (peak ', CAST(CAST(max(in_span) / 1048576.0 AS DECIMAL(18, 1)) AS VARCHAR), ' MiB within ', CAST($span AS VARCHAR), ')',
           lh_spread(src_endpoint.ip, region, ', ')))
