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
    concat('scan of ', dst_endpoint.ip, ': ', CAST(count(DISTINCT dst_endpoint.port) FILTER (WHERE NOT list_contains($common_ports, dst_endpoint.port)) AS VARCHAR), ' ports (', CAST(count(*) FILTER (WHERE action = 'Denied') AS VARCHAR), ' of ', CAST(count(*) AS VARCHAR), ' flows rejected), e.g. ', array_to_string(list_slice(list(DISTINCT dst_endpoint.port ORDER BY dst_endpoint.port), 1, 12), ', ')) AS summary,
    count(*) AS event_count,
    min_by(flow_uid, time_dt, 20) AS evidence_uids,
    count(*) AS evidence_total
FROM flows
GROUP BY accountid, region, src_endpoint.ip, dst_endpoint.ip, actor, date_trunc('hour', time_dt)
HAVING count(DISTINCT dst_endpoint.port) FILTER (WHERE NOT list_contains($common_ports, dst_endpoint.port)) >= $min_ports AND count(*) FILTER (WHERE action = 'Denied' OR connection_info.tcp_flags = 2) >= $min_failed_share * count(*)
ORDER BY first_time
