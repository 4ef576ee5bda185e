-- id: s3_replication_or_website_configured
-- title: S3 replication or website hosting configured
-- description: PutBucketReplication copies every new object to another bucket, possibly
--   in another account; PutBucketWebsite serves the bucket over HTTP (Sigma "S3 data
--   management tampering", replication and website parts).
-- severity: medium
-- tactics: TA0010
-- techniques: T1537
-- source: cloudtrail
-- logic: filter
-- covers: aws_s3_data_management_tampering
-- tags: s3, exfiltration
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 's3.amazonaws.com')
    WHERE api.operation IN ('PutBucketReplication', 'PutBucketWebsite')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' on bucket ', json_extract_string(api.request.data, '$.bucketName'),
        coalesce(' to ' || coalesce(json_extract_string(api.request.data, '$.ReplicationConfiguration.Rule.Destination.Bucket'),
                                    nullif(array_to_string(json_extract_string(api.request.data, '$.ReplicationConfiguration.Rule[*].Destination.Bucket'), ', '), '')), '')))
