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
bursts AS (
    FROM lh_bursts('events', lh_actor(actor), in_span >= $min_instances, $span, $gap)
)
SELECT * FROM lh_stretch_findings('bursts',
    concat(CAST(sum(coalesce(try_cast(json_extract_string(api.request.data, '$.instancesSet.items[0].maxCount') AS BIGINT), 1)) AS VARCHAR),
           ' instances requested in ', CAST(count(*) AS VARCHAR), ' RunInstances calls (',
           array_to_string(list_sort(list(DISTINCT json_extract_string(api.request.data, '$.instanceType'))), ', '), ')',
           ' (peak ', CAST(max(in_span) AS VARCHAR), ' within ', CAST($span AS VARCHAR), ')',
           lh_spread(src_endpoint.ip, region, ', ')))
