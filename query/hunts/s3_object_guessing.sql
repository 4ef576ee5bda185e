-- id: s3_object_guessing
-- title: Many S3 keys requested and denied for one caller
-- description: GetObject calls by one caller, the anonymous principal or one from
--   outside the bucket owners account, failing for more than $min_keys distinct keys
--   within any $span, from any addresses and on any buckets (Sentinel "failed brute force on S3
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
-- param: span:duration=1h | Length of the sliding span counted in.
-- param: gap:duration=1h | A pause longer than this (and than the span) between the caller's reads starts a new finding.
WITH reads AS (
    SELECT *, json_extract_string(api.request.data, '$.bucketName') AS bucket, json_extract_string(api.request.data, '$.key') AS object_key,
           count(DISTINCT CASE WHEN api.response.error IS NOT NULL THEN json_extract_string(api.request.data, '$.key') END) OVER (
               PARTITION BY accountid, coalesce(actor.user.uid, actor.user.account.uid) ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS denied_keys_in_span
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 's3.amazonaws.com'
      AND api.operation = 'GetObject'
      AND (actor.user.account.uid = 'ANONYMOUS_PRINCIPAL' OR actor.user.uid_alt = 'Anonymous'
           OR actor.user.account.uid IS DISTINCT FROM accountid)
)
-- One finding per caller and stretch of time, whatever the addresses and
-- buckets: a pause longer than $gap starts the next stretch. Anonymous
-- guessers have no identity but the anonymous principal, so they are one
-- caller. src_ip is the first read's address; the summary counts the rest.
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    lh_earliest(region, time_dt) AS region,
    coalesce(actor.user.uid, actor.user.account.uid) AS actor,
    lh_earliest(src_endpoint.ip, time_dt) AS src_ip,
    concat(CAST(count(DISTINCT object_key) FILTER (WHERE api.response.error IS NOT NULL) AS VARCHAR), ' keys denied on ',
           CASE WHEN count(DISTINCT bucket) = 1 THEN 'bucket ' ELSE 'buckets ' END, array_to_string(list_slice(list(DISTINCT bucket ORDER BY bucket), 1, 8), ', '),
           CASE WHEN count(*) FILTER (WHERE api.response.error IS NULL) > 0
                THEN concat(', ', CAST(count(*) FILTER (WHERE api.response.error IS NULL) AS VARCHAR), ' read(s) succeeded') ELSE '' END,
           lh_spread(src_endpoint.ip, NULL, ', ')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM lh_bursts('reads', coalesce(actor.user.uid, actor.user.account.uid), denied_keys_in_span > $min_keys, $span, $gap)
GROUP BY accountid, coalesce(actor.user.uid, actor.user.account.uid), stretch
ORDER BY first_time
