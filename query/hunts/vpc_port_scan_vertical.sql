-- id: vpc_port_scan_vertical
-- title: Vertical port scan: one source probing many ports of one host
-- description: One source address reached at least $min_ports distinct destination
--   ports of one destination within an hour bucket, not counting the common service
--   ports in $common_ports (Panther "VPC flow port scanning", both directions: a scan
--   into the VPC is as interesting as one out of it), at least $min_failed_share of
--   the flows rejected or unanswered (SYN only), so a server's answers to a client's
--   many ephemeral ports are not a scan. The summary gives the share of rejected
--   flows.
-- severity: high
-- tactics: TA0043, TA0007
-- techniques: T1046, T1595.001
-- source: vpcflow
-- logic: threshold
-- covers: vpc_port_scan_distinct_ports, panther_vpc_port_scan_query, panther_vpc_port_scan_rule
-- tags: vpc, scan, network
-- param: min_ports:int=10 | Distinct uncommon destination ports that make a scan.
-- param: common_ports:ints=80,123,443,445,53,853,2049 | Ports not counted (busy services).
-- param: min_failed_share:float=0.5 | Share of the flows that must be rejected or unanswered (SYN only): accepted, answered traffic is service, not a scan.
WITH candidates AS (
    -- Candidates are counted first and described second: describing every
    -- source's every hour ran out of 6 GB on 50 million flows. A scan has
    -- at least $min_failed_share of $min_ports flows rejected or unanswered,
    -- so only those flows are counted here, and only the groups they make
    -- are read again and described: counting every flow (49M, 30M groups
    -- over the medium bench's month) took 7.4 s and 2.4 GB ('lakehunt
    -- query', the first pass alone, 2-core AMD EPYC of family 26),
    -- counting the failed ones (4.7M) 3.7 s and 0.6 GB. When that share of $min_ports is not positive, every
    -- flow counts and a group needs $min_ports flows to uncommon ports.
    -- The count groups by a hash of the source, destination, actor and
    -- hour, not by their text: a collision can only merge two groups and
    -- raise their counts, and the findings check every group again on its
    -- own keys.
    SELECT accountid, region, lh_hour(time_dt) AS hour,
        hash(accountid, region, src_endpoint.ip, dst_endpoint.ip, lh_flow_actor(src_endpoint), lh_hour(time_dt)) AS source_hour
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND src_endpoint.ip IS NOT NULL AND dst_endpoint.port IS NOT NULL
      AND (action = 'Denied' OR connection_info.tcp_flags = 2 OR $min_failed_share * $min_ports <= 0)
    GROUP BY ALL
    HAVING count(*) >= $min_failed_share * $min_ports
       AND ($min_failed_share * $min_ports > 0
         OR count(*) FILTER (WHERE NOT list_contains($common_ports, dst_endpoint.port)) >= $min_ports)
),
scanned AS (
    -- The join carries the account and region, and the read is bounded by
    -- the candidates' first and last hours: DuckDB turns both into filters
    -- of the scan, so only the row groups of those accounts, regions and
    -- hours are read again (the medium bench's one scan: 17 of 64 files
    -- and one hour of their day, the hunt 4.5 s instead of 9.7 s by 'hunt
    -- run' on the same machine).
    SELECT f.*
    FROM vpcflow f
    SEMI JOIN candidates c ON f.accountid = c.accountid AND f.region = c.region
        AND hash(f.accountid, f.region, f.src_endpoint.ip, f.dst_endpoint.ip, lh_flow_actor(f.src_endpoint), lh_hour(f.time_dt)) = c.source_hour
    WHERE f.time_dt >= $window_start AND f.time_dt < $window_end
      AND f.time_dt >= (SELECT lh_hour_start(min(hour)) FROM candidates)
      AND f.time_dt < (SELECT lh_hour_start(max(hour) + 1) FROM candidates)
      AND f.src_endpoint.ip IS NOT NULL AND f.dst_endpoint.port IS NOT NULL
)
SELECT * FROM lh_flow_source_findings('scanned', dst_endpoint.ip, lh_hour(time_dt),
    concat('scan of ', dst_endpoint.ip, ': ', CAST(count(DISTINCT dst_endpoint.port) FILTER (WHERE NOT list_contains($common_ports, dst_endpoint.port)) AS VARCHAR), ' ports (', CAST(count(*) FILTER (WHERE action = 'Denied') AS VARCHAR), ' of ', CAST(count(*) AS VARCHAR), ' flows rejected), e.g. ', array_to_string(list_slice(list(DISTINCT dst_endpoint.port ORDER BY dst_endpoint.port), 1, 12), ', ')),
    keep := count(DISTINCT dst_endpoint.port) FILTER (WHERE NOT list_contains($common_ports, dst_endpoint.port)) >= $min_ports
        AND count(*) FILTER (WHERE action = 'Denied' OR connection_info.tcp_flags = 2) >= $min_failed_share * count(*))
