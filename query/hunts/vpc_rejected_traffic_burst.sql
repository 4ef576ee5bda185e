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
WITH candidates AS (
    -- The count groups by a hash of the source, actor and hour, not by
    -- their text, as vpc_port_scan_vertical does: a collision can only merge
    -- two groups and raise their count, so the findings check every group
    -- again on its own keys.
    SELECT lh_hour(time_dt) AS hour, hash(accountid, region, src_endpoint.ip, lh_flow_actor(src_endpoint), lh_hour(time_dt)) AS source_hour
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND action = 'Denied' AND src_endpoint.ip IS NOT NULL
    GROUP BY ALL
    HAVING count(*) >= $min_rejected
),
-- The bursts are counted first and described second: describing every
-- source's every hour ran out of 4.8 GB on 50 million flows. Only the
-- hours from the first burst's to the last's are read again (see
-- lh_hour_start).
rejected AS (
    SELECT f.*
    FROM vpcflow f
    SEMI JOIN candidates c ON hash(f.accountid, f.region, f.src_endpoint.ip, lh_flow_actor(f.src_endpoint), lh_hour(f.time_dt)) = c.source_hour
    WHERE f.time_dt >= $window_start AND f.time_dt < $window_end
      AND f.time_dt >= (SELECT lh_hour_start(min(hour)) FROM candidates)
      AND f.time_dt < (SELECT lh_hour_start(max(hour) + 1) FROM candidates)
      AND f.action = 'Denied' AND f.src_endpoint.ip IS NOT NULL
)
SELECT * FROM lh_flow_source_findings('rejected', lh_hour(time_dt), NULL,
    concat(CAST(count(*) AS VARCHAR), ' rejected flows to ', CAST(count(DISTINCT dst_endpoint.ip) AS VARCHAR), ' host(s) on ', CAST(count(DISTINCT dst_endpoint.port) AS VARCHAR), ' port(s)'),
    keep := count(*) >= $min_rejected)
