-- id: ami_shared
-- title: AMI shared publicly or with another account
-- description: ModifyImageAttribute adding launchPermission for group "all" or another
--   account: the image, and any secret baked into it, can be launched by them (Tailpipe
--   "EC2 AMI shared publicly").
-- severity: high
-- tactics: TA0010
-- techniques: T1537
-- source: cloudtrail
-- logic: filter
-- covers: tp_ec2_ami_shared_publicly, panther_ec2_image_crud_by_role,
--   stratus:aws.exfiltration.ec2-share-ami
-- tags: ec2, ami, exfiltration, sharing
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_ec2_shares('cloudtrail', $window_start, $window_end, 'ModifyImageAttribute', '$.launchPermission')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('image ', json_extract_string(api.request.data, '$.imageId'), ' shared with ', shared_with))
