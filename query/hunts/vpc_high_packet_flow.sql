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
    SELECT *
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND action = 'Allowed' AND traffic.packets > $min_packets
)
SELECT * FROM lh_flow_findings('flows', dst_endpoint.port,
    concat(src_endpoint.ip, ' -> ', dst_endpoint.ip, ':', CAST(dst_endpoint.port AS VARCHAR), ' ', CAST(sum(traffic.packets) AS VARCHAR), ' packets in ', CAST(count(*) AS VARCHAR), ' flow(s)'))
