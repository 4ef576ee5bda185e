-- id: ebs_snapshot_shared
-- title: EBS snapshot shared publicly or with another account
-- description: ModifySnapshotAttribute adding createVolumePermission for group "all"
--   (public) or for an account id other than the owner: anyone so allowed can copy the
--   disk (Sigma "snapshot backup exfiltration", Tailpipe "EBS snapshot shared
--   publicly").
-- severity: high
-- tactics: TA0010
-- techniques: T1537
-- source: cloudtrail
-- logic: filter
-- covers: tp_ebs_snapshot_shared_publicly, aws_snapshot_backup_exfiltration,
--   stratus:aws.exfiltration.ec2-share-ebs-snapshot
-- tags: ebs, exfiltration, sharing
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *, lh_shared_with(json_extract(api.request.data, '$.createVolumePermission'), accountid) AS shared_with
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ec2.amazonaws.com'
      AND api.operation = 'ModifySnapshotAttribute'
      AND shared_with IS NOT NULL
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('snapshot ', json_extract_string(api.request.data, '$.snapshotId'), ' shared with ', shared_with))
