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
WITH sweeps AS (
    -- Candidates are counted first and described second: describing every
    -- source's every hour ran out of 6 GB on 50 million flows. Counting
    -- distinct hosts for every port and hour (one group per reply flow's
    -- ephemeral port) took 100 s and 6 GB of the medium bench ('hunt run'):
    -- a group needs as many flows as hosts, so that count comes first, here,
    -- and the distinct count only for the groups it leaves: 48 s and 4.6 GB;
    -- the same findings.
    SELECT accountid, region, src_endpoint.ip AS src, coalesce(src_endpoint.instance_uid, src_endpoint.interface_uid, src_endpoint.ip) AS actor,
           dst_endpoint.port AS port, date_trunc('hour', time_dt) AS hour
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND src_endpoint.ip IS NOT NULL AND dst_endpoint.port IS NOT NULL
    GROUP BY ALL
    HAVING count(*) >= $min_hosts AND count(*) FILTER (WHERE action = 'Denied' OR connection_info.tcp_flags = 2) >= $min_failed_share * count(*)
)
SELECT
    min(f.time_dt) AS first_time,
    max(coalesce(f.end_time_dt, f.time_dt)) AS last_time,
    s.accountid AS account,
    s.region AS region,
    s.actor,
    s.src AS src_ip,
    concat('sweep of port ', CAST(s.port AS VARCHAR), ' across ', CAST(count(DISTINCT f.dst_endpoint.ip) AS VARCHAR), ' hosts (', CAST(count(*) FILTER (WHERE f.action = 'Denied') AS VARCHAR), ' rejected, ', CAST(count(*) FILTER (WHERE f.connection_info.tcp_flags = 2) AS VARCHAR), ' SYN-only)') AS summary,
    count(*) AS event_count,
    lh_evidence(lh_flow_uid(f.metadata, f.src_endpoint, f.dst_endpoint, f.connection_info, f.time), f.time_dt) AS evidence_uids,
    count(*) AS evidence_total
FROM vpcflow f
JOIN sweeps s ON f.accountid = s.accountid AND f.region = s.region AND f.src_endpoint.ip = s.src
    AND coalesce(f.src_endpoint.instance_uid, f.src_endpoint.interface_uid, f.src_endpoint.ip) = s.actor AND f.dst_endpoint.port = s.port AND date_trunc('hour', f.time_dt) = s.hour
WHERE f.time_dt >= $window_start AND f.time_dt < $window_end
GROUP BY s.accountid, s.region, s.src, s.actor, s.port, s.hour
HAVING count(DISTINCT f.dst_endpoint.ip) >= $min_hosts
ORDER BY first_time
