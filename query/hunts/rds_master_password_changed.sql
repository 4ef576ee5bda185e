-- id: rds_master_password_changed
-- title: RDS master password changed
-- description: ModifyDBInstance or ModifyDBCluster with a new masterUserPassword:
--   whoever set it can now log in to the database as its owner.
-- severity: medium
-- tactics: TA0003, TA0006
-- techniques: T1098
-- source: cloudtrail
-- logic: filter
-- covers: aws_rds_master_password_changed, aws_rds_change_master_password, tp_rds_db_instance_master_password_updated
-- tags: rds, credentials
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'rds.amazonaws.com')
    WHERE api.operation IN ('ModifyDBInstance', 'ModifyDBCluster')
      AND (json_extract(api.request.data, '$.masterUserPassword') IS NOT NULL
           OR json_extract(api.response.data, '$.pendingModifiedValues.masterUserPassword') IS NOT NULL)
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('master password changed on ', coalesce(json_extract_string(api.request.data, '$.dBInstanceIdentifier'), json_extract_string(api.request.data, '$.dBClusterIdentifier'), '')))
