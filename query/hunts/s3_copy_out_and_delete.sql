-- id: s3_copy_out_and_delete
-- title: S3 objects copied out, then deleted
-- description: At least $min_objects CopyObject calls from one bucket by one identity
--   and at least $min_objects DeleteObject calls on the same bucket by that identity
--   within $max_gap (Panther "S3 exfiltration and deletion"): data copied somewhere
--   else, then destroyed.
-- severity: high
-- tactics: TA0010, TA0040
-- techniques: T1537, T1485
-- source: cloudtrail
-- logic: sequence
-- covers: panther_corr_s3_exfil_and_delete
-- tags: s3, exfiltration, impact
-- param: min_objects:int=10 | Copies and deletions each needed.
-- param: max_gap:duration=30h | Longest time the whole sequence may take.
WITH object_calls AS (
    SELECT *, coalesce(split_part(ltrim(json_extract_string(api.request.data, '$.x-amz-copy-source'), '/'), '/', 1),
                       json_extract_string(api.request.data, '$.bucketName')) AS source_bucket
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 's3.amazonaws.com'
      AND api.operation IN ('CopyObject', 'DeleteObject', 'DeleteObjects')
      AND api.response.error IS NULL
)
SELECT * FROM lh_group_findings('object_calls', [lh_actor(actor), source_bucket],
    concat(CAST(count(*) FILTER (WHERE api.operation = 'CopyObject') AS VARCHAR), ' copies out of and ',
           CAST(count(*) FILTER (WHERE api.operation <> 'CopyObject') AS VARCHAR), ' deletions in bucket ', min(source_bucket)),
    keep := count(*) FILTER (WHERE api.operation = 'CopyObject') >= $min_objects
        AND count(*) FILTER (WHERE api.operation <> 'CopyObject') >= $min_objects
        AND max(time_dt) FILTER (WHERE api.operation <> 'CopyObject') > min(time_dt) FILTER (WHERE api.operation = 'CopyObject')
        AND max(time_dt) - min(time_dt) <= $max_gap)
