-- id: inbound_rejected
-- title: Rejected inbound flows (investigate test hunt)
-- description: Refused inbound flows per source and instance; the actor is
--   the instance that refused them.
-- severity: low
-- tactics: TA0007
-- techniques: T1046
-- source: vpcflow
-- logic: threshold
-- covers: investigate_test
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    dst_endpoint.instance_uid AS actor,
    src_endpoint.ip AS src_ip,
    concat(CAST(count(*) AS VARCHAR), ' rejected flows') AS summary,
    count(*) AS event_count,
    CAST([] AS VARCHAR[]) AS evidence_uids,
    0 AS evidence_total
FROM vpcflow
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND action = 'Denied'
  AND connection_info.direction = 'Inbound'
GROUP BY ALL
ORDER BY first_time
