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
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ec2.amazonaws.com'
      AND api.operation IN ('CreateNetworkAclEntry', 'ReplaceNetworkAclEntry', 'DeleteNetworkAclEntry', 'CreateNetworkAcl', 'DeleteNetworkAcl', 'ReplaceNetworkAclAssociation')
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.networkAclId'), ''),
        coalesce(' rule ' || json_extract_string(api.request.data, '$.ruleNumber'), ''),
        CASE json_extract_string(api.request.data, '$.egress') WHEN 'true' THEN ' egress' WHEN 'false' THEN ' ingress' ELSE '' END))
