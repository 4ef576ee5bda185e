-- id: network_enumeration_burst
-- title: Network enumeration burst
-- description: More than $min_calls calls describing network plumbing (VPCs, subnets,
--   route tables, gateways, VPN and transit gateway objects, DHCP options) by one
--   identity within any $span, from any addresses (Sigma "potential network enumeration").
-- severity: low
-- tactics: TA0007
-- techniques: T1016, T1580
-- source: cloudtrail
-- logic: threshold
-- covers: aws_enum_network, ar_suspicious_aws_cli_recon
-- tags: discovery, network, recon
-- param: min_calls:int=5 | Calls within the span tolerated (more than this fires).
-- param: span:duration=10m | Length of the span counted in.
-- param: gap:duration=1h | A pause longer than this (and than the span) between the actor's events starts a new finding.
WITH calls AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ec2.amazonaws.com'
      AND api.operation IN ('DescribeCarrierGateways', 'DescribeVpcEndpointConnectionNotifications', 'DescribeTransitGatewayMulticastDomains',
                            'DescribeClientVpnRoutes', 'DescribeDhcpOptions', 'GetTransitGatewayRouteTableAssociations', 'DescribeVpcs',
                            'DescribeSubnets', 'DescribeRouteTables', 'DescribeInternetGateways', 'DescribeNatGateways', 'DescribeNetworkAcls',
                            'DescribeVpcPeeringConnections', 'DescribeTransitGatewayVpcAttachments', 'DescribeVpnConnections', 'DescribeNetworkInterfaces',
                            'DescribeSecurityGroups')
)
SELECT * FROM lh_call_bursts('calls', $span, $min_calls, $gap)
