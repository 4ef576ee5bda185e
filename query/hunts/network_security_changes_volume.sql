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
bursts AS (
    FROM lh_bursts('events', lh_actor(actor), in_span >= $min_events, $span, $gap)
)
SELECT * FROM lh_stretch_findings('bursts',
    concat(CAST(count(*) FILTER (WHERE starts_with(api.operation, 'Create')) AS VARCHAR), ' created, ',
           CAST(count(*) FILTER (WHERE starts_with(api.operation, 'Delete')) AS VARCHAR), ' deleted',
           ' (peak ', CAST(max(in_span) AS VARCHAR), ' within ', CAST($span AS VARCHAR), ')', ': ',
           lh_top(api.operation, 8),
           lh_spread(src_endpoint.ip, region, ', ')))
