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
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND ((api.service.name = 'elasticfilesystem.amazonaws.com' AND (api.operation IN ('DeleteFileSystem', 'DeleteMountTarget')
              OR (api.operation = 'PutBackupPolicy' AND json_extract_string(api.request.data, '$.backupPolicy.status') = 'DISABLED')))
         OR (api.service.name = 'eks.amazonaws.com' AND api.operation = 'DeleteCluster'))
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.service.name, ' ', api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.fileSystemId'), json_extract_string(api.request.data, '$.mountTargetId'), json_extract_string(api.request.data, '$.name'), '')))
