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
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ec2.amazonaws.com'
      AND api.operation = 'ModifySnapshotAttribute'
      AND (list_contains(json_extract_string(api.request.data, '$.createVolumePermission.add.items[*].group'), 'all')
           OR len(list_filter(json_extract_string(api.request.data, '$.createVolumePermission.add.items[*].userId'), u -> u <> accountid)) > 0)
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('snapshot ', json_extract_string(api.request.data, '$.snapshotId'), ' shared with ',
        CASE WHEN list_contains(json_extract_string(api.request.data, '$.createVolumePermission.add.items[*].group'), 'all') THEN 'everyone'
             ELSE array_to_string(json_extract_string(api.request.data, '$.createVolumePermission.add.items[*].userId'), ', ') END))
