-- id: vpc_subnet_attributes_changed
-- title: VPC or subnet attributes modified
-- description: ModifyVpcAttribute or ModifySubnetAttribute: DNS settings of a VPC, or a
--   subnet that starts giving instances public IPs.
-- severity: low
-- tactics: TA0005
-- techniques: T1562.007
-- source: cloudtrail
-- logic: filter
-- covers: aws_subnet_attribute_modified, aws_vpc_attribute_modified
-- tags: vpc, network
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'ec2.amazonaws.com')
    WHERE api.operation IN ('ModifyVpcAttribute', 'ModifySubnetAttribute')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.subnetId'), json_extract_string(api.request.data, '$.vpcId'), ''),
        CASE WHEN json_extract_string(api.request.data, '$.mapPublicIpOnLaunch.value') = 'true' THEN ' (public IPs on launch)' ELSE '' END))
