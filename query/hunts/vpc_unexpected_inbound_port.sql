-- id: vpc_unexpected_inbound_port
-- title: Internet traffic accepted on an unexpected port
-- description: Accepted flows from public addresses to private hosts on a port outside
--   $allowed_ports (Panther "inbound port allowlist"). Replies to connections the host
--   opened (a well-known source port to a high destination port) are skipped, which the
--   Panther rule does not do.
-- severity: medium
-- tactics: TA0001
-- techniques: T1190, T1133
-- source: vpcflow
-- logic: filter
-- covers: panther_vpc_inbound_port_allowlist
-- tags: vpc, network, exposure
-- param: allowed_ports:ints=80,443 | Ports meant to be reachable from the internet.
WITH flows AS (
    SELECT *
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND action = 'Allowed' AND (src_endpoint.ip IS NOT NULL AND NOT lh_private_ip(src_endpoint.ip)) AND lh_private_ip(dst_endpoint.ip) AND dst_endpoint.port IS NOT NULL AND dst_endpoint.port > 0 AND NOT list_contains($allowed_ports, dst_endpoint.port) AND NOT (coalesce(src_endpoint.port, 0) BETWEEN 1 AND 1023 AND dst_endpoint.port >= 1024)
)
SELECT * FROM lh_flow_findings('flows', dst_endpoint.port,
    concat(src_endpoint.ip, ' -> ', dst_endpoint.ip, ':', CAST(dst_endpoint.port AS VARCHAR), ' accepted (', CAST(count(*) AS VARCHAR), ' flows)'))
