-- id: resource_deletion_burst
-- title: Burst of resource deletions
-- description: One identity made at least $min_deletes successful Delete* or Terminate*
--   calls within any $span bucket (Sumo Logic "created and deleted resources" and
--   "deleted resources over time"): destruction, or a teardown worth confirming.
-- severity: medium
-- tactics: TA0040
-- techniques: T1485
-- source: cloudtrail
-- logic: threshold
-- covers: sumo_created_deleted_resources_over_time, sumo_launched_terminated_instances_by_user
-- tags: impact, sumo
-- param: min_deletes:int=20 | Deletions that make a finding.
-- param: span:duration=1h | Length of the time buckets counted in.
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    min(region) AS region,
    lh_actor(actor) AS actor,
    min(src_endpoint.ip) AS src_ip,
    concat(CAST(count(*) AS VARCHAR), ' deletions of ', array_to_string(list_slice(list_sort(list(DISTINCT regexp_extract(api.operation, '^(?:Delete|Terminate)([A-Z][A-Za-z]+)', 1))), 1, 8), ', ')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND regexp_matches(api.operation, '^(Delete|Terminate)')
  AND api.response.error IS NULL
GROUP BY accountid, actor, time_bucket($span, time_dt)
HAVING count(*) >= $min_deletes
ORDER BY first_time
