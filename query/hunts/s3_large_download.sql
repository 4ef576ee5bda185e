-- id: s3_large_download
-- title: Large S3 download by one identity
-- description: GetObject data events of one identity on one bucket whose
--   bytesTransferredOut add up to at least $min_bytes within any $span bucket (Panther
--   "S3 large download", Tailpipe "S3 large file downloaded").
-- severity: medium
-- tactics: TA0010
-- techniques: T1530, T1567
-- source: cloudtrail
-- logic: threshold
-- covers: panther_s3_large_download, tp_s3_large_file_downloaded
-- tags: s3, exfiltration
-- param: min_bytes:int=52428800 | Bytes downloaded that make a finding (50 MiB).
-- param: span:duration=10m | Length of the time buckets counted in.
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    min(region) AS region,
    coalesce(actor.user.uid, actor.user.name, actor.invoked_by, actor.user.account.uid) AS actor,
    min(src_endpoint.ip) AS src_ip,
    concat(CAST(sum(try_cast(unmapped['additionalEventData.bytesTransferredOut'] AS DOUBLE)) / 1048576.0 AS DECIMAL(18, 1)), ' MiB in ',
           CAST(count(*) AS VARCHAR), ' GetObject from bucket ', json_extract_string(api.request.data, '$.bucketName')) AS summary,
    count(*) AS event_count,
    lh_earliest(metadata.uid, time_dt, 20) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail_all
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 's3.amazonaws.com'
  AND api.operation = 'GetObject'
  AND api.response.error IS NULL
GROUP BY accountid, actor, json_extract_string(api.request.data, '$.bucketName'), time_bucket($span, time_dt)
HAVING sum(try_cast(unmapped['additionalEventData.bytesTransferredOut'] AS DOUBLE)) >= $min_bytes
ORDER BY first_time
