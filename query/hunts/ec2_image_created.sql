-- id: ec2_image_created
-- title: EC2 image created or copied by a person
-- description: CreateImage or CopyImage succeeded, called by an identity rather than by
--   a service on its behalf (AWS Backup and Data Lifecycle Manager images are left
--   out). An image holds the instance's disks: made and then shared (ami_shared) or
--   copied to another region, it carries the data out without touching a bucket
--   (Panther "EC2 monitoring" of CreateImage). Low: teams bake images every day; the
--   sharing is the alarm, this is the step before it.
-- severity: low
-- tactics: TA0009
-- techniques: T1074.002
-- source: cloudtrail
-- logic: filter
-- covers: -
-- tags: ec2, ami, collection
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'ec2.amazonaws.com')
    WHERE api.operation IN ('CreateImage', 'CopyImage')
      AND actor.invoked_by IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ',
        CASE WHEN api.operation = 'CreateImage'
             THEN concat('of ', coalesce(json_extract_string(api.request.data, '$.instanceId'), 'an instance'))
             ELSE concat('of ', coalesce(json_extract_string(api.request.data, '$.sourceImageId'), 'an image'),
                         ' from ', coalesce(json_extract_string(api.request.data, '$.sourceRegion'), 'another region')) END,
        coalesce(' named ' || json_extract_string(api.request.data, '$.name'), '')))
