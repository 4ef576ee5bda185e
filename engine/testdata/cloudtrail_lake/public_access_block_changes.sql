-- Changes of S3 public access blocks, fields of the configuration read
-- with json_extract_scalar from the request's map.
-- Source: aws-samples/cloud-trail-lake-query-samples (AWS's CloudTrail
-- Lake sample queries). Adapted: the bucket name filter is dropped, the
-- period is the corpus's.
SELECT
	element_at(requestParameters, 'bucketName') AS bucketName,
    json_extract_scalar(element_at(requestParameters, 'PublicAccessBlockConfiguration'), '$.RestrictPublicBuckets') AS restrictPublicBuckets,
    json_extract_scalar(element_at(requestParameters, 'PublicAccessBlockConfiguration'), '$.BlockPublicPolicy') AS blockPublicPolicy,
    eventName,
    eventTime,
    userIdentity.arn AS user
FROM
    EXAMPLEf852-4e8f-8bd1-bcf6cEXAMPLE
WHERE
    eventTime >= '2014-01-01 00:00:00'
    AND eventSource = 's3.amazonaws.com'
    and eventName IN ('PutPublicAccessBlock', 'DeletePublicAccessBlock', 'PutBucketPublicAccessBlock', 'DeleteBucketPublicAccessBlock')
ORDER BY
	bucketName,
    eventTime DESC;

SELECT (r->>'$.requestParameters.bucketName'),
    (r->>'$.requestParameters.PublicAccessBlockConfiguration.RestrictPublicBuckets'),
    (r->>'$.requestParameters.PublicAccessBlockConfiguration.BlockPublicPolicy'),
    (r->>'$.eventName'), CAST(CAST((r->>'$.eventTime') AS TIMESTAMPTZ) AS TIMESTAMP), (r->>'$.userIdentity.arn')
FROM raw_cloudtrail
WHERE (r->>'$.eventSource') = 's3.amazonaws.com'
    AND (r->>'$.eventName') IN ('PutPublicAccessBlock', 'DeletePublicAccessBlock', 'PutBucketPublicAccessBlock', 'DeleteBucketPublicAccessBlock');
