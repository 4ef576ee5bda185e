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
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.subnetId'), json_extract_string(api.request.data, '$.vpcId'), ''),
           CASE WHEN json_extract_string(api.request.data, '$.mapPublicIpOnLaunch.value') = 'true' THEN ' (public IPs on launch)' ELSE '' END) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'ec2.amazonaws.com'
  AND api.operation IN ('ModifyVpcAttribute', 'ModifySubnetAttribute')
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
