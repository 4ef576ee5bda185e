-- id: access_denied_many_operations
-- title: Authorization failures across many operations
-- description: One principal was denied on more than $min_operations distinct API
--   operations within the window (Panther "anomalous AccessDenied requests"):
--   systematic permission enumeration rather than one misconfigured job.
-- severity: medium
-- tactics: TA0007
-- techniques: T1580, T1069.003
-- source: cloudtrail
-- logic: threshold
-- covers: panther_anomalous_access_denied, sumo_authorization_failures
-- tags: access-denied, discovery
-- param: min_operations:int=10 | Distinct denied operations needed (more than).
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    min(region) AS region,
    actor.user.uid AS actor,
    min(src_endpoint.ip) AS src_ip,
    concat('denied on ', CAST(count(DISTINCT api.operation) AS VARCHAR), CASE WHEN count(DISTINCT api.operation) = 1 THEN ' operation: ' ELSE ' operations: ' END,
           array_to_string(list_slice(list(DISTINCT api.operation ORDER BY api.operation), 1, 12), ', ')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail_all
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.response.error IN ('AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation', 'UnauthorizedOperation')
  AND actor.user.uid IS NOT NULL
GROUP BY accountid, actor.user.uid
HAVING count(DISTINCT api.operation) > $min_operations
ORDER BY first_time
