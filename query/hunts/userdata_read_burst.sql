-- id: userdata_read_burst
-- title: Burst of instance user data reads
-- description: More than $min_calls DescribeInstanceAttribute calls for userData by one
--   identity within any $span, from any addresses, AWS services excluded (Sigma "EC2 download
--   userdata", Sentinel "abnormal userdata download"): user data often holds bootstrap
--   secrets.
-- severity: medium
-- tactics: TA0006, TA0007
-- techniques: T1552.005
-- source: cloudtrail
-- logic: threshold
-- covers: aws_ec2_download_userdata, aws_abnormal_userdata_download,
--   stratus:aws.discovery.ec2-download-user-data
-- tags: ec2, credentials, discovery
-- param: min_calls:int=10 | Calls within the span tolerated (more than this fires).
-- param: span:duration=30m | Length of the span counted in.
-- param: gap:duration=1h | A pause longer than this (and than the span) between the actor's events starts a new finding.
WITH calls AS (
    SELECT *,
           count(*) OVER (PARTITION BY accountid, lh_actor(actor)
                          ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS in_span
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ec2.amazonaws.com'
      AND api.operation = 'DescribeInstanceAttribute'
      AND json_extract_string(api.request.data, '$.attribute') = 'userData'
      -- AWS services call from a name, not an address; an address that
      -- does not parse (anonymised logs write 10.0.07.1) is still a caller.
      AND actor.invoked_by IS NULL
      AND NOT regexp_matches(coalesce(src_endpoint.domain, ''), '(^AWS Internal|\.amazonaws\.com)$')
),
-- A stretch holds only the events inside some span that reaches the
-- threshold: the actor's steady activity before and after a burst stays
-- out of the finding and its evidence.
hot AS (
    SELECT *,
           bool_or(in_span > $min_calls) OVER (PARTITION BY accountid, lh_actor(actor) ORDER BY time_dt RANGE BETWEEN CURRENT ROW AND $span FOLLOWING) AS in_burst
    FROM calls
),
paced AS (
    SELECT *,
           coalesce(time_dt - lag(time_dt) OVER (PARTITION BY accountid, lh_actor(actor) ORDER BY time_dt) > greatest($gap, $span), true) AS opens
    FROM hot
    WHERE in_burst
),
-- One finding per actor and stretch of time, whatever the addresses,
-- regions and operations: a pause longer than $gap between the actor's
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
    concat(CAST(max(in_span) AS VARCHAR), ' calls within ', CAST($span AS VARCHAR), ' (', CAST(count(*) AS VARCHAR), ' in all) to ',
           CAST(count(DISTINCT api.operation) AS VARCHAR), CASE WHEN count(DISTINCT api.operation) = 1 THEN ' operation: ' ELSE ' operations: ' END, array_to_string(list_transform(list_slice(list_sort(list_transform(map_entries(histogram(api.operation)),
                e -> {'n': -CAST(e.value AS BIGINT), 'k': e.key})), 1, 10), e -> e.k || CASE WHEN e.n < -1 THEN concat(' x', -e.n) ELSE '' END), ', '),
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
HAVING max(in_span) > $min_calls
ORDER BY first_time
