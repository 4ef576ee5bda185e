-- id: s3_object_read_from_new_address
-- title: S3 objects read from an address new for the principal and bucket
-- description: GetObject by a role (whatever the session) or user on a bucket it read
--   in the $baseline before the window, from an address it never read that bucket from
--   there: a session's credentials used from somewhere else to pull data (T1078.004 then
--   T1530). Principals and buckets with no reads in the baseline are skipped, and so are
--   those read from more than $max_baseline_ips addresses there (Lambda functions and
--   other AWS compute egress from a new address each time). One finding per session or
--   user, listing the buckets and the new addresses (src_ip is the first).
-- severity: medium
-- tactics: TA0009, TA0001
-- techniques: T1530, T1078.004
-- source: cloudtrail
-- logic: first-seen
-- covers: -
-- tags: s3, collection, credentials, baseline, data-events
-- baseline: 14d
-- param: max_baseline_ips:int=10 | Principal and bucket pairs read from more baseline addresses than this have no stable set and are skipped.
WITH known AS (
    SELECT DISTINCT accountid,
           coalesce(actor.session.issuer, actor.user.uid) AS principal,
           json_extract_string(api.request.data, '$.bucketName') AS bucket,
           src_endpoint.ip AS ip
    FROM cloudtrail_all
    WHERE time_dt >= $baseline_start AND time_dt < $window_start
      AND api.service.name = 's3.amazonaws.com'
      AND api.operation = 'GetObject'
      AND api.response.error IS NULL
      AND actor.user.uid IS NOT NULL
      AND src_endpoint.ip IS NOT NULL
),
stable AS (
    SELECT accountid, principal, bucket
    FROM known
    GROUP BY ALL
    HAVING count(*) <= $max_baseline_ips
),
reads AS (
    SELECT *,
           coalesce(actor.session.issuer, actor.user.uid) AS principal,
           json_extract_string(api.request.data, '$.bucketName') AS bucket
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 's3.amazonaws.com'
      AND api.operation = 'GetObject'
      AND api.response.error IS NULL
      AND actor.user.uid IS NOT NULL
      AND actor.invoked_by IS NULL
      AND src_endpoint.ip IS NOT NULL
)
-- Joins on computed keys rather than a correlated EXISTS, as
-- getcalleridentity_from_new_ip does, for the same reason.
SELECT
    min(r.time_dt) AS first_time,
    max(r.time_dt) AS last_time,
    r.accountid AS account,
    lh_earliest(r.region, r.time_dt) AS region,
    lh_actor(r.actor) AS actor,
    lh_earliest(r.src_endpoint.ip, r.time_dt) AS src_ip,
    concat(CAST(count(*) AS VARCHAR), ' GetObject of ', CAST(count(DISTINCT concat(r.bucket, '/', json_extract_string(r.api.request.data, '$.key'))) AS VARCHAR),
           ' objects in ', CASE WHEN count(DISTINCT r.bucket) = 1 THEN 'bucket ' ELSE 'buckets ' END, lh_top(r.bucket, 5),
           CASE WHEN count(DISTINCT r.src_endpoint.ip) = 1 THEN concat(' from new address ', min(r.src_endpoint.ip))
                ELSE concat(' from ', CAST(count(DISTINCT r.src_endpoint.ip) AS VARCHAR), ' new addresses (top: ', lh_top(r.src_endpoint.ip, 5), ')') END,
           ', unseen for ', min(r.principal), ' on ', CASE WHEN count(DISTINCT r.bucket) = 1 THEN 'this bucket' ELSE 'these buckets' END, ' in the baseline',
           coalesce(' with ' || lh_earliest(r.http_request.user_agent, r.time_dt), '')) AS summary,
    count(*) AS event_count,
    lh_evidence(r.metadata.uid, r.time_dt) AS evidence_uids,
    count(r.metadata.uid) AS evidence_total
FROM reads r
JOIN stable s ON s.accountid = r.accountid AND s.principal = r.principal AND s.bucket = r.bucket
LEFT JOIN known k ON k.accountid = r.accountid AND k.principal = r.principal AND k.bucket = r.bucket AND k.ip = r.src_endpoint.ip
WHERE k.ip IS NULL
GROUP BY r.accountid, lh_actor(r.actor)
ORDER BY first_time
