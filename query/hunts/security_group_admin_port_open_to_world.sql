-- id: security_group_admin_port_open_to_world
-- title: SSH or RDP opened to the whole internet
-- description: AuthorizeSecurityGroupIngress adding a rule that lets any address (a /0
--   range, IPv4 or IPv6) reach an administrative port ($admin_ports, SSH and RDP by
--   default) or every port. Rules are read from the response's rule set and from every
--   request form (ipPermissions, and the legacy top-level cidrIp and port range), and any
--   /0 prefix counts, not only 0.0.0.0/0. An instance that answers SSH to the world is
--   brute-forced within minutes, and the rule is how an attacker keeps a door open.
--   Judged against the group's $baseline before the window: a rule the same group was
--   already opened with (same protocol, ports and range) is no new exposure but a rule
--   re-applied (teams that open SSH for a maintenance and close it after), and is left to
--   security_group_open_to_world's low finding; a finding names only the rules new to the
--   group. A group without history is judged by the rule alone. Re-applied rules made
--   two or three high incidents of every generated quiet day.
-- severity: high
-- tactics: TA0005, TA0001
-- techniques: T1562.007
-- source: cloudtrail
-- logic: filter
-- covers: stratus:aws.exfiltration.ec2-security-group-open-port-22-ingress
-- tags: vpc, security-group, network, baseline
-- baseline: 14d
-- param: admin_ports:ints=22,3389 | Ports that must not be reachable from the whole internet.
WITH changes AS (
    SELECT *,
           coalesce(json_extract_string(api.request.data, '$.groupId'), json_extract_string(api.request.data, '$.groupName')) AS security_group,
           list_concat(
               list_transform(json_extract(api.response.data, '$.securityGroupRuleSet.items[*]'),
                   r -> {'cidr': coalesce(json_extract_string(r, '$.cidrIpv4'), json_extract_string(r, '$.cidrIpv6')),
                         'protocol': json_extract_string(r, '$.ipProtocol'),
                         'from_port': try_cast(json_extract_string(r, '$.fromPort') AS INTEGER),
                         'to_port': try_cast(json_extract_string(r, '$.toPort') AS INTEGER)}),
               flatten(list_transform(json_extract(api.request.data, '$.ipPermissions.items[*]'),
                   p -> list_transform(list_concat(json_extract_string(p, '$.ipRanges.items[*].cidrIp'), json_extract_string(p, '$.ipv6Ranges.items[*].cidrIpv6')),
                       c -> {'cidr': c,
                             'protocol': json_extract_string(p, '$.ipProtocol'),
                             'from_port': try_cast(json_extract_string(p, '$.fromPort') AS INTEGER),
                             'to_port': try_cast(json_extract_string(p, '$.toPort') AS INTEGER)}))),
               CASE WHEN json_extract_string(api.request.data, '$.cidrIp') IS NOT NULL
                    THEN [{'cidr': json_extract_string(api.request.data, '$.cidrIp'),
                           'protocol': json_extract_string(api.request.data, '$.ipProtocol'),
                           'from_port': try_cast(json_extract_string(api.request.data, '$.fromPort') AS INTEGER),
                           'to_port': try_cast(json_extract_string(api.request.data, '$.toPort') AS INTEGER)}]
                    ELSE [] END) AS rules
    FROM cloudtrail
    WHERE time_dt >= $baseline_start AND time_dt < $window_end
      AND api.service.name = 'ec2.amazonaws.com'
      AND api.operation = 'AuthorizeSecurityGroupIngress'
      AND api.response.error IS NULL
),
opened AS (
    SELECT *,
           list_sort(list_distinct(list_transform(
               list_filter(rules, r -> ends_with(r.cidr, '/0')
                   AND (r.protocol IN ('-1', 'all')
                        OR (r.protocol IN ('tcp', '6', 'udp', '17')
                            AND len(list_filter($admin_ports, port -> r.from_port <= port AND port <= r.to_port)) > 0))),
               r -> concat(CASE WHEN r.protocol IN ('-1', 'all') THEN 'all traffic' ELSE concat(r.protocol, ' ', r.from_port, CASE WHEN r.to_port <> r.from_port THEN concat('-', r.to_port) ELSE '' END) END,
                           ' from ', r.cidr)))) AS open_rules
    FROM changes
),
-- The rules each group was opened to the world with in the baseline.
history AS (
    SELECT accountid, security_group, list(DISTINCT rule) AS known
    FROM (SELECT accountid, security_group, unnest(open_rules) AS rule
          FROM opened
          WHERE time_dt < $window_start AND security_group IS NOT NULL)
    GROUP BY ALL
),
matched AS (
    SELECT o.*, list_filter(o.open_rules, r -> NOT coalesce(list_contains(h.known, r), false)) AS new_rules
    FROM opened o
    LEFT JOIN history h ON h.accountid = o.accountid AND h.security_group = o.security_group
    WHERE o.time_dt >= $window_start
      AND len(list_filter(o.open_rules, r -> NOT coalesce(list_contains(h.known, r), false))) > 0
)
SELECT * FROM lh_object_findings('matched',
    concat(coalesce(security_group, 'security group'), ' opened to the internet: ', array_to_string(new_rules, ', ')))
