-- id: rds_backups_removed_or_copied_out
-- title: RDS backups deleted, or snapshots taken or copied by hand
-- description: DeleteDBInstanceAutomatedBackup, DeleteDBClusterAutomatedBackup,
--   DeleteDBSnapshot, DeleteDBClusterSnapshot (recovery points gone before an extortion
--   or a wipe), CopyDBSnapshot / CopyDBClusterSnapshot from another region (data moved
--   where nobody looks), CreateDBSnapshot / CreateDBClusterSnapshot of a manual (or public) snapshot
--   not made through an AWS service (the first step of the snapshot-share exfiltration;
--   AWS Backup's and automated snapshots are left out), and DescribeDBSnapshots / DescribeDBClusterSnapshots asking for public or shared ones
--   (hunting for others' exposed snapshots). Panther's RDS rules fire on each; the pack
--   missed them. Successful calls only.
-- severity: medium
-- tactics: TA0040, TA0010
-- techniques: T1490, T1537, T1485
-- source: cloudtrail
-- logic: filter
-- covers: -
-- tags: rds, backup, impact, exfiltration
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'rds.amazonaws.com')
    WHERE (api.operation IN ('DeleteDBInstanceAutomatedBackup', 'DeleteDBClusterAutomatedBackup', 'DeleteDBSnapshot', 'DeleteDBClusterSnapshot')
        OR (api.operation IN ('CopyDBSnapshot', 'CopyDBClusterSnapshot')
            AND regexp_extract(coalesce(json_extract_string(api.request.data, '$.sourceDBSnapshotIdentifier'), json_extract_string(api.request.data, '$.sourceDBClusterSnapshotIdentifier')), '^arn:[^:]+:rds:([^:]+):', 1) NOT IN ('', region))
        OR (api.operation IN ('CreateDBSnapshot', 'CreateDBClusterSnapshot') AND actor.invoked_by IS NULL
            AND coalesce(json_extract_string(api.response.data, '$.snapshotType'), 'manual') IN ('manual', 'public'))
        OR (api.operation IN ('DescribeDBSnapshots', 'DescribeDBClusterSnapshots')
            AND (json_extract_string(api.request.data, '$.includePublic') = 'true' OR json_extract_string(api.request.data, '$.includeShared') = 'true')))
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.dBSnapshotIdentifier'), json_extract_string(api.request.data, '$.dBClusterSnapshotIdentifier'),
        json_extract_string(api.request.data, '$.targetDBSnapshotIdentifier'), json_extract_string(api.request.data, '$.targetDBClusterSnapshotIdentifier'),
        json_extract_string(api.request.data, '$.dbiResourceId'), json_extract_string(api.request.data, '$.dbClusterResourceId'), '')))
