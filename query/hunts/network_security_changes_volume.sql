-- id: network_security_changes_volume
-- title: Network and security objects created and deleted
-- description: Create* and Delete* calls on network and security objects (event names
--   containing Security or Network) by one actor, at least $min_events within any $span
--   in any regions (Sumo Logic "created and deleted network and security events").
--   A burst means infrastructure being rebuilt, by a pipeline or by someone else.
-- severity: info
-- tactics: TA0005
-- techniques: T1562.007
-- source: cloudtrail
-- logic: threshold
-- covers: sumo_created_deleted_network_security, sumo_network_security_events_over_time
-- tags: network, sumo
-- param: min_events:int=5 | Creations and deletions in one hour that make a finding.
-- param: span:duration=1h | Length of the sliding span counted in.
-- param: gap:duration=1h | A pause longer than this (and than the span) between the actor's events starts a new finding.
WITH events AS (
    SELECT *,
           count(*) OVER (PARTITION BY accountid, lh_actor(actor)
                          ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS in_span
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND (contains(api.operation, 'Security') OR contains(api.operation, 'Network'))
      AND regexp_extract(api.operation, '^([A-Z][a-z]+?)[A-Z]', 1) IN ('Create', 'Delete')
      AND api.response.error IS NULL
),
-- A stretch holds only the events inside some span that reaches the
-- threshold: the actor's steady activity before and after a burst stays
-- out of the finding and its evidence.
hot AS (
    SELECT *,
           bool_or(in_span >= $min_events) OVER (PARTITION BY accountid, lh_actor(actor) ORDER BY time_dt RANGE BETWEEN CURRENT ROW AND $span FOLLOWING) AS in_burst
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
    concat(CAST(count(*) FILTER (WHERE starts_with(api.operation, 'Create')) AS VARCHAR), ' created, ',
           CAST(count(*) FILTER (WHERE starts_with(api.operation, 'Delete')) AS VARCHAR), ' deleted',
           ' (peak ', CAST(max(in_span) AS VARCHAR), ' within ', CAST($span AS VARCHAR), ')', ': ',
           array_to_string(list_transform(list_slice(list_sort(list_transform(map_entries(histogram(api.operation)),
                e -> {'n': -CAST(e.value AS BIGINT), 'k': e.key})), 1, 8), e -> e.k || CASE WHEN e.n < -1 THEN concat(' x', -e.n) ELSE '' END), ', '),
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
HAVING max(in_span) >= $min_events
ORDER BY first_time
