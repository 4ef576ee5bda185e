-- id: resource_deletion_burst
-- title: Burst of resource deletions
-- description: One identity made at least $min_deletes successful Delete* or Terminate*
--   calls within any $span (Sumo Logic "created and deleted resources" and
--   "deleted resources over time"): destruction, or a teardown worth confirming.
-- severity: medium
-- tactics: TA0040
-- techniques: T1485
-- source: cloudtrail
-- logic: threshold
-- covers: sumo_created_deleted_resources_over_time, sumo_launched_terminated_instances_by_user
-- tags: impact, sumo
-- param: min_deletes:int=20 | Deletions that make a finding.
-- param: span:duration=1h | Length of the sliding span counted in.
-- param: gap:duration=1h | A pause longer than this (and than the span) between the actor's events starts a new finding.
WITH events AS (
    SELECT *,
           count(*) OVER (PARTITION BY accountid, lh_actor(actor)
                          ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS in_span
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND regexp_matches(api.operation, '^(Delete|Terminate)')
      AND api.response.error IS NULL
),
bursts AS (
    FROM lh_bursts('events', lh_actor(actor), in_span >= $min_deletes, $span, $gap)
)
SELECT * FROM lh_stretch_findings('bursts',
    concat(CAST(count(*) AS VARCHAR), ' deletions', ' (peak ', CAST(max(in_span) AS VARCHAR), ' within ', CAST($span AS VARCHAR), ')', ' of ', lh_top(regexp_extract(api.operation, '^(?:Delete|Terminate)([A-Z][A-Za-z]+)', 1), 8),
           lh_spread(src_endpoint.ip, region, ', ')))
