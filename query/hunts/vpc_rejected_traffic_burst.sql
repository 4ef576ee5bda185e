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
WITH bursts AS (
    SELECT accountid, region, src_endpoint.ip AS src, coalesce(src_endpoint.instance_uid, src_endpoint.interface_uid, src_endpoint.ip) AS actor,
           date_trunc('hour', time_dt) AS hour
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND action = 'Denied' AND src_endpoint.ip IS NOT NULL
    GROUP BY ALL
    HAVING count(*) >= $min_rejected
)
-- The bursts are counted first and described second: describing every
-- source's every hour (distinct hosts and ports, twenty flow ids) took
-- 4.8 GB on 50 million flows.
SELECT
    min(f.time_dt) AS first_time,
    max(coalesce(f.end_time_dt, f.time_dt)) AS last_time,
    b.accountid AS account,
    b.region AS region,
    b.actor,
    b.src AS src_ip,
    concat(CAST(count(*) AS VARCHAR), ' rejected flows to ', CAST(count(DISTINCT f.dst_endpoint.ip) AS VARCHAR), ' host(s) on ', CAST(count(DISTINCT f.dst_endpoint.port) AS VARCHAR), ' port(s)') AS summary,
    count(*) AS event_count,
    lh_evidence(lh_flow_uid(f.metadata, f.src_endpoint, f.dst_endpoint, f.connection_info, f.time), f.time_dt) AS evidence_uids,
    count(*) AS evidence_total
FROM vpcflow f
JOIN bursts b ON f.accountid = b.accountid AND f.region = b.region AND f.src_endpoint.ip = b.src
    AND coalesce(f.src_endpoint.instance_uid, f.src_endpoint.interface_uid, f.src_endpoint.ip) = b.actor AND date_trunc('hour', f.time_dt) = b.hour
WHERE f.time_dt >= $window_start AND f.time_dt < $window_end
  AND f.action = 'Denied'
GROUP BY b.accountid, b.region, b.src, b.actor, b.hour
ORDER BY first_time
