-- id: vpc_port_scan_horizontal
-- title: Horizontal scan: one source sweeping many hosts on one port
-- description: One source address reached at least $min_hosts distinct destination
--   addresses on the same destination port within an hour bucket, at least
--   $min_failed_share of the flows rejected or unanswered (SYN only), so a client
--   talking HTTPS to many servers is not a sweep; the summary gives how many flows
--   were rejected and how many were SYN-only.
-- severity: high
-- tactics: TA0043, TA0007, TA0008
-- techniques: T1046, T1595.001
-- source: vpcflow
-- logic: threshold
-- covers: vpc_horizontal_scan
-- tags: vpc, scan, network
-- param: min_hosts:int=20 | Distinct destination hosts that make a sweep.
-- param: min_failed_share:float=0.5 | Share of the flows that must be rejected or unanswered (SYN only): accepted, answered traffic is service, not a scan.
WITH candidates AS (
    -- Candidates are counted first and described second: describing every
    -- source's every hour ran out of 6 GB on 50 million flows, and counting
    -- distinct hosts for every port and hour (one group per reply flow's
    -- ephemeral port) took 100 s and 6 GB of the medium bench ('hunt run').
    -- A sweep has at least $min_failed_share of $min_hosts flows rejected
    -- or unanswered, so only those flows are counted here, and only the
    -- groups they make are read again and described: counting every flow
    -- (49M over the medium bench's month) took 6.4 s and 2.1 GB ('lakehunt
    -- query', the first pass alone, 2-core AMD EPYC of family 26),
    -- counting the failed ones (4.7M) 3.0 s and 0.6 GB. When that share of $min_hosts is not positive, every flow
    -- counts and a group needs $min_hosts flows.
    -- The count groups by a hash of the source, actor, port and hour, not
    -- by their text, as vpc_port_scan_vertical does, for the same reason: a
    -- collision can only merge two groups and raise their counts, and the
    -- findings check every group again on its own keys.
    SELECT accountid, region, lh_hour(time_dt) AS hour,
        hash(accountid, region, src_endpoint.ip, lh_flow_actor(src_endpoint), dst_endpoint.port, lh_hour(time_dt)) AS source_hour
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND src_endpoint.ip IS NOT NULL AND dst_endpoint.port IS NOT NULL
      AND (action = 'Denied' OR connection_info.tcp_flags = 2 OR $min_failed_share * $min_hosts <= 0)
    GROUP BY ALL
    HAVING count(*) >= $min_failed_share * $min_hosts
       AND ($min_failed_share * $min_hosts > 0 OR count(*) >= $min_hosts)
),
swept AS (
    -- The join carries the account and region, and the read is bounded by
    -- the candidates' first and last hours, so that DuckDB reads again
    -- only those accounts', regions' and hours' row groups, as
    -- vpc_port_scan_vertical does.
    SELECT f.*
    FROM vpcflow f
    SEMI JOIN candidates c ON f.accountid = c.accountid AND f.region = c.region
        AND hash(f.accountid, f.region, f.src_endpoint.ip, lh_flow_actor(f.src_endpoint), f.dst_endpoint.port, lh_hour(f.time_dt)) = c.source_hour
    WHERE f.time_dt >= $window_start AND f.time_dt < $window_end
      AND f.time_dt >= (SELECT lh_hour_start(min(hour)) FROM candidates)
      AND f.time_dt < (SELECT lh_hour_start(max(hour) + 1) FROM candidates)
      AND f.src_endpoint.ip IS NOT NULL AND f.dst_endpoint.port IS NOT NULL
)
SELECT * FROM lh_flow_source_findings('swept', dst_endpoint.port, lh_hour(time_dt),
    concat('sweep of port ', CAST(dst_endpoint.port AS VARCHAR), ' across ', CAST(count(DISTINCT dst_endpoint.ip) AS VARCHAR), ' hosts (', CAST(count(*) FILTER (WHERE action = 'Denied') AS VARCHAR), ' rejected, ', CAST(count(*) FILTER (WHERE connection_info.tcp_flags = 2) AS VARCHAR), ' SYN-only)'),
    keep := count(DISTINCT dst_endpoint.ip) >= $min_hosts
        AND count(*) FILTER (WHERE action = 'Denied' OR connection_info.tcp_flags = 2) >= $min_failed_share * count(*))
