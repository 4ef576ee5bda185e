-- id: s3_object_guessing
-- title: Many S3 keys requested and denied from one IP
-- description: GetObject calls by one source IP on one bucket, failing for more than
--   $min_keys distinct keys within an hour bucket, by the anonymous principal or a
--   caller from outside the bucket owners account (Sentinel "failed brute force on S3
--   bucket" and "successful brute force"); the summary says whether any read then
--   succeeded.
-- severity: medium
-- tactics: TA0006, TA0009
-- techniques: T1110, T1530
-- source: cloudtrail
-- logic: threshold
-- covers: aws_s3_getobject_bruteforce, ar_s3_bruteforce_success
-- tags: s3, brute-force
-- param: min_keys:int=20 | Distinct denied keys needed (more than).
WITH reads AS (
    SELECT *, json_extract_string(api.request.data, '$.bucketName') AS bucket, json_extract_string(api.request.data, '$.key') AS object_key
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 's3.amazonaws.com'
      AND api.operation = 'GetObject'
      AND (actor.user.account.uid = 'ANONYMOUS_PRINCIPAL' OR actor.user.uid_alt = 'Anonymous'
           OR actor.user.account.uid IS DISTINCT FROM accountid)
)
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    min(region) AS region,
    coalesce(min(actor.user.uid), min(actor.user.account.uid)) AS actor,
    src_endpoint.ip AS src_ip,
    concat(CAST(count(DISTINCT object_key) FILTER (WHERE api.response.error IS NOT NULL) AS VARCHAR), ' keys denied on bucket ', bucket,
           CASE WHEN count(*) FILTER (WHERE api.response.error IS NULL) > 0
                THEN concat(', ', CAST(count(*) FILTER (WHERE api.response.error IS NULL) AS VARCHAR), ' read(s) succeeded') ELSE '' END) AS summary,
    count(*) AS event_count,
    lh_earliest(metadata.uid, time_dt, 20) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM reads
GROUP BY accountid, src_endpoint.ip, bucket, date_trunc('hour', time_dt)
HAVING count(DISTINCT object_key) FILTER (WHERE api.response.error IS NOT NULL) > $min_keys
ORDER BY first_time
