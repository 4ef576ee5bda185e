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
    -- The hour is a number, epoch_us(time_dt) // 3600000000: the same
    -- buckets as date_trunc('hour', time_dt) (UTC hours of instants after
    -- 1970), which goes through ICU on a TIMESTAMPTZ and cost about 8 CPU-s
    -- per use over the medium bench's 50 million flows, against under 1.
    SELECT accountid, region, src_endpoint.ip AS src, lh_flow_actor(src_endpoint) AS actor,
           epoch_us(time_dt) // 3600000000 AS hour
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND action = 'Denied' AND src_endpoint.ip IS NOT NULL
    GROUP BY ALL
    HAVING count(*) >= $min_rejected
),
-- The bursts are counted first and described second: describing every
-- source's every hour (distinct hosts and ports, twenty flow ids) took
-- 4.8 GB on 50 million flows.
rejected AS (
    SELECT f.*
    FROM vpcflow f
    SEMI JOIN bursts b ON f.accountid = b.accountid AND f.region = b.region AND f.src_endpoint.ip = b.src
        AND lh_flow_actor(f.src_endpoint) = b.actor AND epoch_us(f.time_dt) // 3600000000 = b.hour
    WHERE f.time_dt >= $window_start AND f.time_dt < $window_end
      AND f.action = 'Denied'
)
SELECT * FROM lh_flow_source_findings('rejected', epoch_us(time_dt) // 3600000000, NULL,
    concat(CAST(count(*) AS VARCHAR), ' rejected flows to ', CAST(count(DISTINCT dst_endpoint.ip) AS VARCHAR), ' host(s) on ', CAST(count(DISTINCT dst_endpoint.port) AS VARCHAR), ' port(s)'))
