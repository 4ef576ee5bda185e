-- id: security_group_open_to_world
-- title: Security group rule opened to the internet
-- description: AuthorizeSecurityGroupIngress adding a rule for 0.0.0.0/0 or ::/0. The
--   summary names the ports; all ports or an administrative port reachable from
--   anywhere is the usual first step to a compromised instance. Egress rules to the
--   internet are left out: every new security group gets one by default and Terraform
--   re-adds it, so they made most of this hunt's high findings (Panther's "Terraform
--   security group authorize egress" is a negative case too); egress to the internet is
--   judged by the flow hunts from what actually leaves. A rule opening only ports in
--   $public_ports (web ports by default) is what a public web server needs and is left
--   out too; over a generated week those were most of the rest. Low: a database or
--   application port opened to everyone is a lead to check, and the admin ports (SSH,
--   RDP, every port), where a rule like this is the usual first step to a compromised
--   instance, are security_group_admin_port_open_to_world's high finding when the rule
--   is new to the group (a rule re-applied that the group had in its last two weeks is
--   reported here alone); at high this hunt doubled that finding and made a high
--   incident of most days' routine changes.
-- severity: low
-- tactics: TA0005, TA0001
-- techniques: T1562.007
-- source: cloudtrail
-- logic: filter
-- covers: tp_vpc_security_group_ingress_egress_rule_authorized_to_allow_all, sumo_recent_sg_nacl_changes
-- tags: vpc, security-group, network
-- param: public_ports:ints=80,443 | Ports meant to be reachable from anywhere: a rule opening only these is ignored.
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ec2.amazonaws.com'
      AND api.operation = 'AuthorizeSecurityGroupIngress'
      AND (list_contains(json_extract_string(api.request.data, '$.ipPermissions.items[*].ipRanges.items[*].cidrIp'), '0.0.0.0/0')
           OR list_contains(json_extract_string(api.request.data, '$.ipPermissions.items[*].ipv6Ranges.items[*].cidrIpv6'), '::/0')
           OR json_extract_string(api.request.data, '$.cidrIp') = '0.0.0.0/0')
      AND api.response.error IS NULL
      AND NOT coalesce(list_bool_and(list_transform(json_extract(api.request.data, '$.ipPermissions.items[*]'),
              p -> json_extract_string(p, '$.ipProtocol') = 'tcp'
                   AND TRY_CAST(json_extract_string(p, '$.fromPort') AS INTEGER) = TRY_CAST(json_extract_string(p, '$.toPort') AS INTEGER)
                   AND list_contains($public_ports, TRY_CAST(json_extract_string(p, '$.fromPort') AS INTEGER)))), false)
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.groupId'), json_extract_string(api.request.data, '$.groupName'), ''),
        ' open to the internet on ',
        array_to_string(list_transform(json_extract(api.request.data, '$.ipPermissions.items[*]'),
            p -> concat(json_extract_string(p, '$.ipProtocol'), ' ', coalesce(json_extract_string(p, '$.fromPort'), '*'), '-', coalesce(json_extract_string(p, '$.toPort'), '*'))), ', ')))
