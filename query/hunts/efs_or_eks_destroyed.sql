-- id: efs_or_eks_destroyed
-- title: EFS file system, mount target or EKS cluster deleted
-- description: DeleteFileSystem or DeleteMountTarget on EFS, or DeleteCluster on EKS
--   (Sigma EFS and EKS hunts): destruction of shared storage or of a whole cluster.
-- severity: medium
-- tactics: TA0040
-- techniques: T1485
-- source: cloudtrail
-- logic: filter
-- covers: aws_efs_fileshare_modified_or_deleted, aws_efs_fileshare_mount_modified_or_deleted, aws_eks_cluster_created_or_deleted, tp_efs_file_system_backup_policy_disabled
-- tags: efs, eks, impact
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.service.name, ' ', api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.fileSystemId'), json_extract_string(api.request.data, '$.mountTargetId'), json_extract_string(api.request.data, '$.name'), '')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND ((api.service.name = 'elasticfilesystem.amazonaws.com' AND (api.operation IN ('DeleteFileSystem', 'DeleteMountTarget')
          OR (api.operation = 'PutBackupPolicy' AND json_extract_string(api.request.data, '$.backupPolicy.status') = 'DISABLED')))
     OR (api.service.name = 'eks.amazonaws.com' AND api.operation = 'DeleteCluster'))
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
