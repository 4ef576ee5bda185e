-- id: rds_publicly_accessible
-- title: RDS instance made public or restored as public
-- description: CreateDBInstance, ModifyDBInstance or a restore from snapshot with
--   publiclyAccessible true: the database gets a public address (Sigma "restore public
--   AWS RDS instance", Tailpipe RDS public IP and public snapshot restores).
-- severity: high
-- tactics: TA0010, TA0001
-- techniques: T1530, T1190
-- source: cloudtrail
-- logic: filter
-- covers: aws_rds_public_db_restore, tp_rds_db_instance_restored_from_public_snapshot, tp_rds_db_instance_assigned_public_ip_address
-- tags: rds, exposure
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'rds.amazonaws.com')
    WHERE api.operation IN ('CreateDBInstance', 'ModifyDBInstance', 'CreateDBCluster', 'ModifyDBCluster', 'RestoreDBInstanceFromDBSnapshot', 'RestoreDBInstanceToPointInTime', 'RestoreDBClusterFromSnapshot')
      AND (json_extract_string(api.request.data, '$.publiclyAccessible') = 'true' OR json_extract_string(api.response.data, '$.publiclyAccessible') = 'true')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.dBInstanceIdentifier'), json_extract_string(api.request.data, '$.dBClusterIdentifier'), ''), ' publicly accessible'))
