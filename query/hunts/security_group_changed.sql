-- id: security_group_changed
-- title: Security group rules changed
-- description: AuthorizeSecurityGroupIngress/Egress or
--   RevokeSecurityGroupIngress/Egress, or security groups of load balancers and RDS
--   changed (Sumo Logic "recent security group and network ACL changes", Sentinel and
--   Sigma security group modification).
-- severity: low
-- tactics: TA0005
-- techniques: T1562.007
-- source: cloudtrail
-- logic: filter
-- covers: sumo_recent_sg_nacl_changes, ar_security_group_ingress_egress_change, tp_vpc_security_group_ingress_egress_rule_updated, aws_cloudtrail_security_group_change_ingress_egress, aws_cloudtrail_security_group_change_loadbalancer, aws_cloudtrail_security_group_change_rds, aws_elasticache_security_group_created, aws_elasticache_security_group_modified_or_deleted
-- tags: vpc, security-group, network, sumo
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND ((api.service.name = 'ec2.amazonaws.com' AND api.operation IN ('AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'ModifySecurityGroupRules'))
         OR (api.service.name = 'elasticloadbalancing.amazonaws.com' AND api.operation IN ('ApplySecurityGroupsToLoadBalancer', 'SetSecurityGroups'))
         OR (api.service.name = 'rds.amazonaws.com' AND api.operation IN ('AuthorizeDBSecurityGroupIngress', 'CreateDBSecurityGroup', 'DeleteDBSecurityGroup', 'RevokeDBSecurityGroupIngress'))
         OR (api.service.name = 'elasticache.amazonaws.com' AND api.operation IN ('CreateCacheSecurityGroup', 'DeleteCacheSecurityGroup', 'AuthorizeCacheSecurityGroupIngress', 'RevokeCacheSecurityGroupIngress', 'AuthorizeCacheSecurityGroupEgress', 'RevokeCacheSecurityGroupEgress')))
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.groupId'), json_extract_string(api.request.data, '$.groupName'),
        json_extract_string(api.request.data, '$.loadBalancerName'), json_extract_string(api.request.data, '$.dBSecurityGroupName'),
        json_extract_string(api.request.data, '$.cacheSecurityGroupName'), '')))
