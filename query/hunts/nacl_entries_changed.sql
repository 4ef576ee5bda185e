-- id: nacl_entries_changed
-- title: Network ACL entries created, replaced or deleted
-- description: Any successful change to network ACL entries. Deleting an ingress deny
--   rule (egress=false) opens a subnet as surely as adding an allow.
-- severity: low
-- tactics: TA0005
-- techniques: T1562.007
-- source: cloudtrail
-- logic: filter
-- covers: tp_vpc_network_acl_entry_updated, aws_cloudtrail_new_acl_entries, aws_nacl_ingress_entry_deleted, sumo_recent_sg_nacl_changes
-- tags: vpc, nacl, network, sumo
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'ec2.amazonaws.com')
    WHERE api.operation IN ('CreateNetworkAclEntry', 'ReplaceNetworkAclEntry', 'DeleteNetworkAclEntry', 'CreateNetworkAcl', 'DeleteNetworkAcl', 'ReplaceNetworkAclAssociation')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.networkAclId'), ''),
        coalesce(' rule ' || json_extract_string(api.request.data, '$.ruleNumber'), ''),
        CASE json_extract_string(api.request.data, '$.egress') WHEN 'true' THEN ' egress' WHEN 'false' THEN ' ingress' ELSE '' END))
