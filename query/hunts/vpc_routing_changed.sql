-- id: vpc_routing_changed
-- title: VPC routes, gateways or peering changed
-- description: Routes created, replaced or deleted, route tables or their associations
--   changed, internet or NAT gateways created, attached or detached, peering
--   connections deleted (Sentinel "changes to Amazon VPC settings" and route table
--   hunts). The summary flags a default route to an internet gateway.
-- severity: low
-- tactics: TA0005, TA0010
-- techniques: T1562.007
-- source: cloudtrail
-- logic: filter
-- covers: aws_route_table_modified, ar_change_to_vpc, tp_vpc_internet_gateway_added_to_public_route_table, aws_cloudtrail_new_route_added, tp_vpc_route_table_deleted, tp_vpc_route_table_route_deleted, tp_vpc_route_table_route_disassociated, tp_vpc_route_table_association_replaced, tp_vpc_internet_gateway_detached, tp_vpc_peering_connection_deleted, tp_vpc_created, tp_vpc_deleted
-- tags: vpc, network, routing
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'ec2.amazonaws.com')
    WHERE api.operation IN ('CreateRoute', 'DeleteRoute', 'ReplaceRoute', 'CreateRouteTable', 'DeleteRouteTable', 'DisassociateRouteTable',
                            'ReplaceRouteTableAssociation', 'CreateInternetGateway', 'AttachInternetGateway', 'DetachInternetGateway',
                            'CreateNatGateway', 'DeleteVpcPeeringConnection', 'CreateVpcPeeringConnection', 'AcceptVpcPeeringConnection',
                            'CreateVpc', 'DeleteVpc', 'EnableVpcClassicLink')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.routeTableId'), json_extract_string(api.request.data, '$.internetGatewayId'),
        json_extract_string(api.request.data, '$.vpcPeeringConnectionId'), json_extract_string(api.request.data, '$.vpcId'), ''),
        coalesce(' ' || json_extract_string(api.request.data, '$.destinationCidrBlock'), ''),
        coalesce(' via ' || json_extract_string(api.request.data, '$.gatewayId'), ''),
        CASE WHEN json_extract_string(api.request.data, '$.destinationCidrBlock') = '0.0.0.0/0' AND json_extract_string(api.request.data, '$.gatewayId') LIKE 'igw-%'
             THEN ' (default route to the internet)' ELSE '' END))
