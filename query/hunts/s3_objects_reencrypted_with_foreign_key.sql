-- id: s3_objects_reencrypted_with_foreign_key
-- title: S3 objects read, then rewritten with a foreign KMS key
-- description: GetObject followed within $max_gap by PutObject or CopyObject of the
--   same bucket and key with a KMS key that does not belong to the bucket owner
--   (Sentinel "S3 bucket suspicious ransomware activity"): the data is now encrypted
--   under the attackers key. One finding per actor, whatever the buckets, keys,
--   addresses and regions (src_ip and region are the first rewrite's).
-- severity: critical
-- tactics: TA0040
-- techniques: T1486
-- source: cloudtrail
-- logic: sequence
-- covers: ar_s3_ransomware
-- tags: s3, ransomware, impact
-- param: max_gap:duration=2h | Longest time between reading an object and rewriting it.
WITH reads AS (
    SELECT time_dt, metadata.uid AS uid, accountid,
           json_extract_string(api.request.data, '$.bucketName') AS bucket, json_extract_string(api.request.data, '$.key') AS object_key
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 's3.amazonaws.com' AND api.operation = 'GetObject' AND api.response.error IS NULL
),
writes AS (
    SELECT *, json_extract_string(api.request.data, '$.bucketName') AS bucket, json_extract_string(api.request.data, '$.key') AS object_key,
           json_extract_string(api.request.data, '$.x-amz-server-side-encryption-aws-kms-key-id') AS kms_key
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 's3.amazonaws.com' AND api.operation IN ('PutObject', 'CopyObject') AND api.response.error IS NULL
      AND json_extract_string(api.request.data, '$.x-amz-server-side-encryption-aws-kms-key-id') IS NOT NULL
      AND NOT contains(json_extract_string(api.request.data, '$.x-amz-server-side-encryption-aws-kms-key-id'), accountid)
)
SELECT
    min(r.time_dt) AS first_time,
    max(w.time_dt) AS last_time,
    w.accountid AS account,
    lh_earliest(w.region, w.time_dt) AS region,
    lh_actor(w.actor) AS actor,
    lh_earliest(w.src_endpoint.ip, w.time_dt) AS src_ip,
    concat(CAST(count(DISTINCT (w.bucket, w.object_key)) AS VARCHAR), ' object(s) of ', CASE WHEN count(DISTINCT w.bucket) = 1 THEN 'bucket ' ELSE 'buckets ' END,
           array_to_string(list_slice(list(DISTINCT w.bucket ORDER BY w.bucket), 1, 8), ', '), ' rewritten with KMS ',
           CASE WHEN count(DISTINCT w.kms_key) = 1 THEN 'key ' ELSE 'keys ' END, array_to_string(list_slice(list(DISTINCT w.kms_key ORDER BY w.kms_key), 1, 4), ', '),
           lh_spread(w.src_endpoint.ip, NULL, ', ')) AS summary,
    count(DISTINCT r.uid) + count(DISTINCT w.metadata.uid) AS event_count,
    list_concat(list_sort(list(DISTINCT w.metadata.uid)), list_sort(list(DISTINCT r.uid)))[1:20] AS evidence_uids,
    count(DISTINCT r.uid) + count(DISTINCT w.metadata.uid) AS evidence_total
FROM writes w
JOIN reads r ON r.bucket = w.bucket AND r.object_key = w.object_key AND r.accountid = w.accountid
 AND r.time_dt < w.time_dt AND w.time_dt <= r.time_dt + $max_gap
GROUP BY w.accountid, actor
ORDER BY first_time
