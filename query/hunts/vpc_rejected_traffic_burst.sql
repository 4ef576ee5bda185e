-- id: vpc_rejected_traffic_burst
-- title: Burst of rejected traffic from one source
-- description: One source address had at least $min_rejected flows rejected by security
--   groups or network ACLs within an hour bucket (top rejected sources of the Sumo
--   Logic VPC flow content): a scanner, or a misconfigured client hammering a closed
--   port.
-- severity: medium
-- tactics: TA0043
-- techniques: T1595
-- source: vpcflow
-- logic: threshold
-- covers: vpc_rejected_traffic_top
-- tags: vpc, network
-- param: min_rejected:int=20 | Rejected flows in one hour that make a finding.
WITH flows AS (
    SELECT *, coalesce(metadata.uid, concat(coalesce(src_endpoint.interface_uid, dst_endpoint.interface_uid, '-'), '@', time, ' ', src_endpoint.ip, ':', src_endpoint.port, '>', dst_endpoint.ip, ':', dst_endpoint.port, '/', connection_info.protocol_num)) AS flow_uid
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND action = 'Denied' AND src_endpoint.ip IS NOT NULL
)
SELECT
    min(time_dt) AS first_time,
    max(coalesce(end_time_dt, time_dt)) AS last_time,
    accountid AS account,
    region AS region,
    coalesce(src_endpoint.instance_uid, src_endpoint.interface_uid, src_endpoint.ip) AS actor,
    src_endpoint.ip AS src_ip,
    concat(CAST(count(*) AS VARCHAR), ' rejected flows to ', CAST(count(DISTINCT dst_endpoint.ip) AS VARCHAR), ' host(s) on ', CAST(count(DISTINCT dst_endpoint.port) AS VARCHAR), ' port(s)') AS summary,
    count(*) AS event_count,
    min_by(flow_uid, time_dt, 20) AS evidence_uids,
    count(*) AS evidence_total
FROM flows
GROUP BY accountid, region, src_endpoint.ip, actor, date_trunc('hour', time_dt)
HAVING count(*) >= $min_rejected
ORDER BY first_time
