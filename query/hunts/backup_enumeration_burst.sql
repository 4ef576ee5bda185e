-- id: backup_enumeration_burst
-- title: Backup and snapshot enumeration burst
-- description: More than $min_calls reads of snapshots, volumes, images, EBS encryption
--   defaults or instance passwords by one identity within any $span, from any addresses (Sigma
--   "potential backup enumeration"): looking for data to copy out.
-- severity: medium
-- tactics: TA0007, TA0009
-- techniques: T1580, T1619
-- source: cloudtrail
-- logic: threshold
-- covers: aws_enum_backup,
--   stratus:aws.credential-access.ec2-get-password-data
-- tags: discovery, ebs, recon
-- param: min_calls:int=5 | Calls within the span tolerated (more than this fires).
-- param: span:duration=10m | Length of the span counted in.
-- param: gap:duration=1h | A pause longer than this (and than the span) between the actor's events starts a new finding.
WITH calls AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ec2.amazonaws.com'
      AND api.operation IN ('GetPasswordData', 'GetEbsEncryptionByDefault', 'GetEbsDefaultKmsKeyId', 'GetBucketReplication', 'DescribeVolumes',
                            'DescribeVolumesModifications', 'DescribeSnapshotAttribute', 'DescribeSnapshotTierStatus', 'DescribeImages', 'DescribeSnapshots')
)
SELECT * FROM lh_call_bursts('calls', $span, $min_calls, $gap)
