-- id: vpc_high_packet_flow
-- title: Single flow with a very high packet count
-- description: An accepted flow record with more than $min_packets packets (Tailpipe
--   "high packet traffic"): floods, bulk transfers or tunnels.
-- severity: low
-- tactics: TA0010, TA0040
-- techniques: T1048, T1498
-- source: vpcflow
-- logic: filter
-- covers: tp_vpc_high_packet_traffic, vpc_high_packets
-- tags: vpc, network
-- param: min_packets:int=10000 | Packets in one flow record that make a finding.
WITH flows AS (
    SELECT *, lh_flow_uid(metadata, src_endpoint, dst_endpoint, connection_info, time) AS flow_uid
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND action = 'Allowed' AND traffic.packets > $min_packets
)
SELECT
    min(time_dt) AS first_time,
    max(coalesce(end_time_dt, time_dt)) AS last_time,
    accountid AS account,
    region AS region,
    coalesce(src_endpoint.instance_uid, src_endpoint.interface_uid, src_endpoint.ip) AS actor,
    src_endpoint.ip AS src_ip,
    concat(src_endpoint.ip, ' -> ', dst_endpoint.ip, ':', CAST(dst_endpoint.port AS VARCHAR), ' ', CAST(sum(traffic.packets) AS VARCHAR), ' packets in ', CAST(count(*) AS VARCHAR), ' flow(s)') AS summary,
    count(*) AS event_count,
    lh_evidence(flow_uid, time_dt) AS evidence_uids,
    count(*) AS evidence_total
FROM flows
GROUP BY accountid, region, src_endpoint.ip, actor, dst_endpoint.ip, dst_endpoint.port
ORDER BY first_time
