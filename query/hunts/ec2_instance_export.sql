-- id: ec2_instance_export
-- title: EC2 instance or image export task created
-- description: CreateInstanceExportTask or ExportImage copies a machine image to S3 as
--   a VM file, which can then leave the account (Sigma "EC2 VM export failure",
--   reported here for every attempt with its outcome).
-- severity: medium
-- tactics: TA0010
-- techniques: T1537
-- source: cloudtrail
-- logic: filter
-- covers: aws_ec2_vm_export_failure
-- tags: ec2, exfiltration
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ec2.amazonaws.com'
      AND api.operation IN ('CreateInstanceExportTask', 'ExportImage')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.instanceId'), json_extract_string(api.request.data, '$.imageId'), ''), coalesce(' to s3://' || json_extract_string(api.request.data, '$.exportToS3.s3Bucket') || json_extract_string(api.request.data, '$.s3ExportLocation.s3Bucket'), ''), CASE WHEN api.response.error IS NOT NULL THEN concat(' (failed: ', api.response.error, ')') ELSE '' END))
