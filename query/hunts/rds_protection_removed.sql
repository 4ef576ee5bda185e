-- id: rds_protection_removed
-- title: RDS deletion protection or IAM authentication disabled
-- description: ModifyDBInstance or ModifyDBCluster turning deletionProtection off (the
--   database can now be deleted) or IAM database authentication off, or DeleteDBCluster
--   (Sigma "modification or deletion of an AWS RDS cluster").
-- severity: medium
-- tactics: TA0040, TA0005
-- techniques: T1485
-- source: cloudtrail
-- logic: filter
-- covers: tp_rds_db_cluster_deletion_protection_disabled, tp_rds_db_instance_deletion_protection_disabled, tp_rds_db_instance_iam_authentication_disabled, aws_rds_dbcluster_actions
-- tags: rds, impact
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'rds.amazonaws.com')
    WHERE (api.operation IN ('DeleteDBCluster', 'DeleteDBInstance')
           OR (api.operation IN ('ModifyDBInstance', 'ModifyDBCluster')
               AND (json_extract_string(api.request.data, '$.deletionProtection') = 'false'
                    OR json_extract_string(api.request.data, '$.enableIAMDatabaseAuthentication') = 'false')))
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.dBInstanceIdentifier'), json_extract_string(api.request.data, '$.dBClusterIdentifier'), ''),
        CASE WHEN json_extract_string(api.request.data, '$.deletionProtection') = 'false' THEN ': deletion protection off'
             WHEN json_extract_string(api.request.data, '$.enableIAMDatabaseAuthentication') = 'false' THEN ': IAM authentication off' ELSE '' END))
