-- id: vpc_unapproved_dns_resolver
-- title: DNS to an unapproved resolver
-- description: Flows from private hosts to public addresses on DNS ports (53, 5353,
--   853) where the resolver is not in $approved_resolvers (Panther "unapproved outbound
--   DNS"): DNS tunnelling, malware with a hard-coded resolver, or a bypass of Route 53
--   Resolver logging.
-- severity: medium
-- tactics: TA0011, TA0010
-- techniques: T1071.004, T1048
-- source: vpcflow
-- logic: filter
-- covers: panther_vpc_unapproved_dns, vpc_unapproved_dns
-- tags: vpc, dns, network
-- param: approved_resolvers:strings=1.1.1.1,8.8.8.8 | Public resolvers that are allowed.
WITH flows AS (
    SELECT *
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND dst_endpoint.port IN (53, 5353, 853) AND lh_private_ip(src_endpoint.ip) AND (dst_endpoint.ip IS NOT NULL AND NOT lh_private_ip(dst_endpoint.ip)) AND NOT list_contains($approved_resolvers, dst_endpoint.ip)
)
SELECT * FROM lh_flow_findings('flows', dst_endpoint.port,
    concat(src_endpoint.ip, ' queried resolver ', dst_endpoint.ip, ':', CAST(dst_endpoint.port AS VARCHAR), ' (', CAST(count(*) AS VARCHAR), ' flows, ', CAST(sum(traffic.bytes) AS VARCHAR), ' bytes)'))
