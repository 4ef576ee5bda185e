-- id: vpc_admin_port_accepted_from_internet
-- title: SSH or RDP accepted from the internet
-- description: Accepted flows from public addresses to private hosts on SSH or RDP
--   ($admin_ports) (Panther "SSH allowed signal"): someone got a connection through, so
--   the port is open to the world and the host is one password away.
-- severity: high
-- tactics: TA0001, TA0008
-- techniques: T1133, T1021.004
-- source: vpcflow
-- logic: filter
-- covers: panther_vpc_ssh_allowed, vpc_inbound_admin_ports, tp_vpc_ssh_traffic, tp_vpc_rdp_traffic
-- tags: vpc, network, exposure
-- param: admin_ports:ints=22,3389 | Administrative destination ports.
WITH flows AS (
    SELECT *
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND action = 'Allowed' AND list_contains($admin_ports, dst_endpoint.port) AND (src_endpoint.ip IS NOT NULL AND NOT lh_private_ip(src_endpoint.ip)) AND lh_private_ip(dst_endpoint.ip)
)
SELECT * FROM lh_flow_findings('flows', dst_endpoint.port,
    concat(src_endpoint.ip, ' connected to ', dst_endpoint.ip, ':', CAST(dst_endpoint.port AS VARCHAR), ', ', CAST(sum(traffic.bytes) AS VARCHAR), ' bytes'))
