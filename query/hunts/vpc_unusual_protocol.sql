-- id: vpc_unusual_protocol
-- title: Accepted traffic over an unusual IP protocol
-- description: Accepted flows whose IP protocol is not in $usual_protocols (TCP, UDP,
--   ICMP, ICMPv6 by default) (Tailpipe "traffic with unusual protocols"): GRE, IPsec or
--   raw IP tunnels that bypass port-based controls.
-- severity: low
-- tactics: TA0011
-- techniques: T1095
-- source: vpcflow
-- logic: filter
-- covers: tp_vpc_traffic_with_unusual_protocols, vpc_unusual_protocols
-- tags: vpc, network, tunnel
-- param: usual_protocols:ints=1,6,17,58 | IP protocol numbers that are not reported.
WITH flows AS (
    SELECT *
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND action = 'Allowed' AND connection_info.protocol_num IS NOT NULL AND NOT list_contains($usual_protocols, connection_info.protocol_num)
)
SELECT * FROM lh_flow_findings('flows', connection_info.protocol_num,
    concat('protocol ', CAST(connection_info.protocol_num AS VARCHAR), ' between ', src_endpoint.ip, ' and ', dst_endpoint.ip, ', ', CAST(sum(traffic.bytes) AS VARCHAR), ' bytes'))
