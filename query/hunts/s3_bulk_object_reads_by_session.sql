-- id: s3_bulk_object_reads_by_session
-- title: Many S3 objects read by one session
-- description: GetObject data events of one session, the access key of a role session
--   or user, reading at least $min_objects distinct objects or $min_bytes within any
--   $span: a bucket pulled object by object with stolen credentials (aws s3 sync,
--   rclone), not an application reading the objects it needs. Counting per access key
--   keeps a role's sessions apart, so a fleet whose many sessions each read a little
--   does not add up while one session that reads everything does (s3_large_download
--   sums bytes per identity). One finding per session and stretch.
-- severity: medium
-- tactics: TA0009, TA0010
-- techniques: T1530
-- source: cloudtrail
-- logic: threshold
-- covers: -
-- tags: s3, collection, exfiltration, data-events
-- param: min_objects:int=100 | Distinct objects read that make a finding.
-- param: min_bytes:int=1073741824 | Bytes read that make a finding (1 GiB), whatever the number of objects.
-- param: span:duration=10m | Length of the sliding span counted in.
-- param: gap:duration=1h | A pause longer than this (and than the span) between the session's reads starts a new finding.
WITH gets AS (
    SELECT time_dt, accountid, region, actor, src_endpoint, http_request, metadata,
           coalesce(actor.user.credential_uid, lh_actor(actor)) AS session_key,
           json_extract_string(api.request.data, '$.bucketName') AS bucket,
           concat(json_extract_string(api.request.data, '$.bucketName'), '/', json_extract_string(api.request.data, '$.key')) AS object,
           coalesce(try_cast(unmapped['additionalEventData.bytesTransferredOut'] AS DOUBLE), 0) AS bytes_out
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 's3.amazonaws.com'
      AND api.operation = 'GetObject'
      AND api.response.error IS NULL
),
reads AS (
    SELECT *,
           count(*) OVER (PARTITION BY accountid, session_key ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS calls_in_span,
           sum(bytes_out) OVER (PARTITION BY accountid, session_key ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS bytes_in_span
    FROM gets
),
-- A session needs as many reads as distinct objects within a span: the
-- distinct count, the costly window, runs only for sessions that pass the
-- plain count or the bytes.
candidates AS (
    SELECT accountid, session_key
    FROM reads
    GROUP BY ALL
    HAVING max(calls_in_span) >= $min_objects OR max(bytes_in_span) >= $min_bytes
),
counted AS (
    SELECT r.*,
           count(DISTINCT r.object) OVER (PARTITION BY r.accountid, r.session_key ORDER BY r.time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS objects_in_span
    FROM reads r
    JOIN candidates c ON c.accountid = r.accountid AND c.session_key = r.session_key
),
bursts AS (
    FROM lh_bursts('counted', session_key, objects_in_span >= $min_objects OR bytes_in_span >= $min_bytes, $span, $gap)
)
-- Grouped by session, not by lh_actor alone: sessions of one role that
-- reuse a session name (an instance's, a function's) are different keys.
SELECT * FROM lh_actor_findings('bursts', (session_key, stretch),
    concat(CAST(count(DISTINCT object) AS VARCHAR), ' objects (', CAST(CAST(sum(bytes_out) / 1048576.0 AS DECIMAL(18, 1)) AS VARCHAR), ' MiB) read with access key ',
           min(session_key), ' from ', CASE WHEN count(DISTINCT bucket) = 1 THEN 'bucket ' ELSE 'buckets ' END, lh_top(bucket, 8),
           ' (peak ', CAST(max(objects_in_span) AS VARCHAR), ' objects, ', CAST(CAST(max(bytes_in_span) / 1048576.0 AS DECIMAL(18, 1)) AS VARCHAR),
           ' MiB within ', CAST($span AS VARCHAR), ')',
           coalesce(' with ' || lh_earliest(http_request.user_agent, time_dt), ''),
           lh_spread(src_endpoint.ip, region, ', ')))
