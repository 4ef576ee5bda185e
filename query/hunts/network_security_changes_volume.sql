-- id: network_security_changes_volume
-- title: Network and security objects created and deleted
-- description: Per actor and hour, the count of Create* and Delete* calls on network
--   and security objects (event names containing Security or Network), with at least
--   $min_events events (Sumo Logic "created and deleted network and security events").
--   A burst means infrastructure being rebuilt, by a pipeline or by someone else.
-- severity: info
-- tactics: TA0005
-- techniques: T1562.007
-- source: cloudtrail
-- logic: threshold
-- covers: sumo_created_deleted_network_security, sumo_network_security_events_over_time
-- tags: network, sumo
-- param: min_events:int=5 | Creations and deletions in one hour that make a finding.
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    min(src_endpoint.ip) AS src_ip,
    concat(CAST(count(*) FILTER (WHERE starts_with(api.operation, 'Create')) AS VARCHAR), ' created, ',
           CAST(count(*) FILTER (WHERE starts_with(api.operation, 'Delete')) AS VARCHAR), ' deleted: ',
           array_to_string(list_slice(list(DISTINCT api.operation ORDER BY api.operation), 1, 8), ', ')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND (contains(api.operation, 'Security') OR contains(api.operation, 'Network'))
  AND regexp_extract(api.operation, '^([A-Z][a-z]+?)[A-Z]', 1) IN ('Create', 'Delete')
  AND api.response.error IS NULL
GROUP BY accountid, region, actor, date_trunc('hour', time_dt)
HAVING count(*) >= $min_events
ORDER BY first_time
