-- id: nacl_allow_all
-- title: Network ACL entry allowing all traffic
-- description: CreateNetworkAclEntry or ReplaceNetworkAclEntry with ruleAction allow
--   and either every protocol (-1), a port range wider than $min_port_span ports, or a
--   0.0.0.0/0 or ::/0 CIDR on an inbound rule: a subnet opened to everything (Sumo
--   Logic "network ACL with all allowed", Sentinel "network ACL open to all ports").
-- severity: high
-- tactics: TA0005
-- techniques: T1562.007
-- source: cloudtrail
-- logic: filter
-- covers: sumo_nacl_all_allowed, ar_nacl_open_all_ports, tp_vpc_network_acl_entry_updated_with_allow_public_access
-- tags: vpc, nacl, network, sumo
-- param: min_port_span:int=1024 | Port range width beyond which a rule counts as all ports.
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'ec2.amazonaws.com')
    WHERE api.operation IN ('CreateNetworkAclEntry', 'ReplaceNetworkAclEntry')
      AND lower(json_extract_string(api.request.data, '$.ruleAction')) = 'allow'
      AND (json_extract_string(api.request.data, '$.aclProtocol') = '-1'
           OR try_cast(json_extract_string(api.request.data, '$.portRange.to') AS INTEGER) - try_cast(json_extract_string(api.request.data, '$.portRange.from') AS INTEGER) > $min_port_span
           OR (json_extract_string(api.request.data, '$.egress') = 'false'
               AND (json_extract_string(api.request.data, '$.cidrBlock') = '0.0.0.0/0' OR json_extract_string(api.request.data, '$.ipv6CidrBlock') = '::/0')))
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', json_extract_string(api.request.data, '$.networkAclId'), ' rule ', json_extract_string(api.request.data, '$.ruleNumber'),
        CASE WHEN json_extract_string(api.request.data, '$.egress') = 'true' THEN ' egress' ELSE ' ingress' END,
        ' allow protocol ', json_extract_string(api.request.data, '$.aclProtocol'),
        coalesce(' ports ' || json_extract_string(api.request.data, '$.portRange.from') || '-' || json_extract_string(api.request.data, '$.portRange.to'), ''),
        ' from ', coalesce(json_extract_string(api.request.data, '$.cidrBlock'), json_extract_string(api.request.data, '$.ipv6CidrBlock'), '?')))
