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
WITH flows AS (
    SELECT *, coalesce(metadata.uid, concat(coalesce(src_endpoint.interface_uid, dst_endpoint.interface_uid, '-'), '@', time, ' ', src_endpoint.ip, ':', src_endpoint.port, '>', dst_endpoint.ip, ':', dst_endpoint.port, '/', connection_info.protocol_num)) AS flow_uid
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND src_endpoint.ip IS NOT NULL AND dst_endpoint.port IS NOT NULL
)
SELECT
    min(time_dt) AS first_time,
    max(coalesce(end_time_dt, time_dt)) AS last_time,
    accountid AS account,
    region AS region,
    coalesce(src_endpoint.instance_uid, src_endpoint.interface_uid, src_endpoint.ip) AS actor,
    src_endpoint.ip AS src_ip,
    concat('sweep of port ', CAST(dst_endpoint.port AS VARCHAR), ' across ', CAST(count(DISTINCT dst_endpoint.ip) AS VARCHAR), ' hosts (', CAST(count(*) FILTER (WHERE action = 'Denied') AS VARCHAR), ' rejected, ', CAST(count(*) FILTER (WHERE connection_info.tcp_flags = 2) AS VARCHAR), ' SYN-only)') AS summary,
    count(*) AS event_count,
    min_by(flow_uid, time_dt, 20) AS evidence_uids,
    count(*) AS evidence_total
FROM flows
GROUP BY accountid, region, src_endpoint.ip, actor, dst_endpoint.port, date_trunc('hour', time_dt)
HAVING count(DISTINCT dst_endpoint.ip) >= $min_hosts AND count(*) FILTER (WHERE action = 'Denied' OR connection_info.tcp_flags = 2) >= $min_failed_share * count(*)
ORDER BY first_time
