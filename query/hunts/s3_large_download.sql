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
-- A stretch holds only the events inside some span that reaches the
-- threshold: the actor's steady activity before and after a burst stays
-- out of the finding and its evidence.
hot AS (
    SELECT *,
           bool_or(in_span >= $min_bytes) OVER (PARTITION BY accountid, lh_actor(actor) ORDER BY time_dt RANGE BETWEEN CURRENT ROW AND $span FOLLOWING) AS in_burst
    FROM events
),
paced AS (
    SELECT *,
           coalesce(time_dt - lag(time_dt) OVER (PARTITION BY accountid, lh_actor(actor) ORDER BY time_dt) > greatest($gap, $span), true) AS opens
    FROM hot
    WHERE in_burst
),
-- One finding per actor and stretch of time, whatever the addresses,
-- regions and objects: a pause longer than $gap between the actor's
-- events starts the next stretch. src_ip and region are those of the
-- stretch's first event; the summary counts the rest.
stretches AS (
    SELECT *,
           count(*) FILTER (WHERE opens) OVER (PARTITION BY accountid, lh_actor(actor) ORDER BY time_dt) AS stretch
    FROM paced
)
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    lh_earliest(region, time_dt) AS region,
    lh_actor(actor) AS actor,
    lh_earliest(src_endpoint.ip, time_dt) AS src_ip,
    concat(CAST(sum(try_cast(unmapped['additionalEventData.bytesTransferredOut'] AS DOUBLE)) / 1048576.0 AS DECIMAL(18, 1)), ' MiB in ',
           CAST(count(*) AS VARCHAR), ' GetObject from ', CASE WHEN count(DISTINCT json_extract_string(api.request.data, '$.bucketName')) = 1 THEN 'bucket ' ELSE 'buckets ' END,
           array_to_string(list_transform(list_slice(list_sort(list_transform(map_entries(histogram(json_extract_string(api.request.data, '$.bucketName'))),
                e -> {'n': -CAST(e.value AS BIGINT), 'k': e.key})), 1, 8), e -> e.k || CASE WHEN e.n < -1 THEN concat(' x', -e.n) ELSE '' END), ', '),
           ' (peak ', CAST(CAST(max(in_span) / 1048576.0 AS DECIMAL(18, 1)) AS VARCHAR), ' MiB within ', CAST($span AS VARCHAR), ')',
           CASE WHEN count(DISTINCT src_endpoint.ip) > 1 THEN concat(', from ', CAST(count(DISTINCT src_endpoint.ip) AS VARCHAR), ' addresses',
                CASE WHEN count(DISTINCT regexp_extract(src_endpoint.ip, '^(\d+\.\d+\.\d+)\.\d+$', 1)) = 1 AND max(regexp_extract(src_endpoint.ip, '^(\d+\.\d+\.\d+)\.\d+$', 1)) <> ''
                     THEN concat(' in ', max(regexp_extract(src_endpoint.ip, '^(\d+\.\d+\.\d+)\.\d+$', 1)), '.0/24') ELSE '' END,
                ' (top: ', array_to_string(list_transform(list_slice(list_sort(list_transform(map_entries(histogram(src_endpoint.ip)),
                e -> {'n': -CAST(e.value AS BIGINT), 'k': e.key})), 1, 5), e -> e.k || CASE WHEN e.n < -1 THEN concat(' x', -e.n) ELSE '' END), ', '), ')') ELSE '' END,
           CASE WHEN count(DISTINCT region) > 1 THEN concat(', in ', CAST(count(DISTINCT region) AS VARCHAR), ' regions: ',
                array_to_string(list(DISTINCT region ORDER BY region), ', ')) ELSE '' END) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM stretches
GROUP BY accountid, lh_actor(actor), stretch
HAVING max(in_span) >= $min_bytes
ORDER BY first_time
