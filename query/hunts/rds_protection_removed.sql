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
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.dBInstanceIdentifier'), json_extract_string(api.request.data, '$.dBClusterIdentifier'), ''),
           CASE WHEN json_extract_string(api.request.data, '$.deletionProtection') = 'false' THEN ': deletion protection off'
                WHEN json_extract_string(api.request.data, '$.enableIAMDatabaseAuthentication') = 'false' THEN ': IAM authentication off' ELSE '' END) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'rds.amazonaws.com'
  AND (api.operation IN ('DeleteDBCluster', 'DeleteDBInstance')
       OR (api.operation IN ('ModifyDBInstance', 'ModifyDBCluster')
           AND (json_extract_string(api.request.data, '$.deletionProtection') = 'false'
                OR json_extract_string(api.request.data, '$.enableIAMDatabaseAuthentication') = 'false')))
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
