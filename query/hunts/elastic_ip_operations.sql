-- id: elastic_ip_operations
-- title: Elastic IP addresses allocated, moved or released
-- description: AllocateAddress, AssociateAddress, DisassociateAddress or ReleaseAddress
--   (Sumo Logic "recent Elastic IP address operations"): moving a known public address
--   to another instance redirects its traffic.
-- severity: info
-- tactics: TA0011, TA0040
-- techniques: T1090
-- source: cloudtrail
-- logic: filter
-- covers: sumo_recent_eip_operations
-- tags: ec2, network, sumo
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'ec2.amazonaws.com')
    WHERE api.operation IN ('AllocateAddress', 'AssociateAddress', 'DisassociateAddress', 'ReleaseAddress')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.publicIp'), json_extract_string(api.response.data, '$.publicIp'),
        json_extract_string(api.request.data, '$.allocationId'), json_extract_string(api.request.data, '$.associationId'), ''),
        coalesce(' to ' || json_extract_string(api.request.data, '$.instanceId'), '')))
