-- id: ec2_mass_instance_launch
-- title: Many instances launched by one identity
-- description: One identity launched at least $min_instances instances (RunInstances
--   maxCount summed) within any $span, in any regions: the signature of cryptomining on stolen
--   credentials (Sentinel "suspicious EC2 compute resource deployments", Sumo Logic
--   "launched and terminated instances by user").
-- severity: high
-- tactics: TA0040
-- techniques: T1496
-- source: cloudtrail
-- logic: threshold
-- covers: sumo_launched_terminated_instances_by_user, panther_ec2_image_crud_by_role
-- tags: ec2, impact, cryptomining
-- param: min_instances:int=10 | Instances that make a finding.
-- param: span:duration=1h | Length of the sliding span counted in.
-- param: gap:duration=1h | A pause longer than this (and than the span) between the actor's events starts a new finding.
WITH events AS (
    SELECT *,
           sum(coalesce(try_cast(json_extract_string(api.request.data, '$.instancesSet.items[0].maxCount') AS BIGINT), 1)) OVER (PARTITION BY accountid, lh_actor(actor)
                          ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS in_span
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ec2.amazonaws.com'
      AND api.operation = 'RunInstances'
      AND api.response.error IS NULL
),
-- A stretch holds only the events inside some span that reaches the
-- threshold: the actor's steady activity before and after a burst stays
-- out of the finding and its evidence.
hot AS (
    SELECT *,
           bool_or(in_span >= $min_instances) OVER (PARTITION BY accountid, lh_actor(actor) ORDER BY time_dt RANGE BETWEEN CURRENT ROW AND $span FOLLOWING) AS in_burst
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
    concat(CAST(sum(coalesce(try_cast(json_extract_string(api.request.data, '$.instancesSet.items[0].maxCount') AS BIGINT), 1)) AS VARCHAR),
           ' instances requested in ', CAST(count(*) AS VARCHAR), ' RunInstances calls (',
           array_to_string(list_sort(list(DISTINCT json_extract_string(api.request.data, '$.instanceType'))), ', '), ')',
           ' (peak ', CAST(max(in_span) AS VARCHAR), ' within ', CAST($span AS VARCHAR), ')',
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
HAVING max(in_span) >= $min_instances
ORDER BY first_time
