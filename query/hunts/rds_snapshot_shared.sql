-- id: rds_snapshot_shared
-- title: RDS snapshot shared publicly or with another account
-- description: ModifyDBSnapshotAttribute or ModifyDBClusterSnapshotAttribute adding
--   "all" or another account to the restore attribute: the database can be restored
--   outside the account.
-- severity: high
-- tactics: TA0010
-- techniques: T1537
-- source: cloudtrail
-- logic: filter
-- covers: aws_snapshot_backup_exfiltration, tp_rds_db_instance_restored_from_public_snapshot,
--   stratus:aws.exfiltration.rds-share-snapshot
-- tags: rds, exfiltration, sharing
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *, lh_shared_beyond(json_extract_string(api.request.data, '$.valuesToAdd[*]'), json_extract_string(api.request.data, '$.valuesToAdd[*]'), accountid) AS shared_with
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'rds.amazonaws.com')
    WHERE api.operation IN ('ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute')
      AND json_extract_string(api.request.data, '$.attributeName') = 'restore'
      AND shared_with IS NOT NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('snapshot ', coalesce(json_extract_string(api.request.data, '$.dBSnapshotIdentifier'), json_extract_string(api.request.data, '$.dBClusterSnapshotIdentifier')),
        ' shared with ', shared_with))
