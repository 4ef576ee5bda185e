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
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    'EBS encryption by default disabled' AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'ec2.amazonaws.com'
  AND api.operation = 'DisableEbsEncryptionByDefault'
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
