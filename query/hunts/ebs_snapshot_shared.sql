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
    FROM lh_ec2_shares('cloudtrail', $window_start, $window_end, 'ModifySnapshotAttribute', '$.createVolumePermission')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('snapshot ', json_extract_string(api.request.data, '$.snapshotId'), ' shared with ', shared_with))
