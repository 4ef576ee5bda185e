-- id: ebs_default_encryption_disabled
-- title: EBS encryption by default disabled
-- description: DisableEbsEncryptionByDefault makes new volumes unencrypted in the
--   region.
-- severity: medium
-- tactics: TA0040
-- techniques: T1486
-- source: cloudtrail
-- logic: filter
-- covers: aws_ec2_disable_encryption, tp_ebs_encryption_by_default_disabled
-- tags: ec2, ebs, encryption
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'ec2.amazonaws.com')
    WHERE api.operation = 'DisableEbsEncryptionByDefault'
)
SELECT * FROM lh_filter_findings('matched', $gap,
    'EBS encryption by default disabled')
