-- API activity of an IAM user's access key, and from which address.
-- Source: aws-samples/cloud-trail-lake-query-samples (AWS's CloudTrail
-- Lake sample queries). Adapted: the key and period are the corpus's.
SELECT eventSource,eventName,sourceIPAddress,eventTime,errorCode
FROM 0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d
WHERE userIdentity.accessKeyId = 'ASIAEXAMPLEDEPLOY001'
AND eventTime > '2024-03-01 00:00:00' AND eventTime < '2024-03-07 00:00:00'
order by eventTime;

SELECT (r->>'$.eventSource'), (r->>'$.eventName'), (r->>'$.sourceIPAddress'),
    CAST(CAST((r->>'$.eventTime') AS TIMESTAMPTZ) AS TIMESTAMP), (r->>'$.errorCode')
FROM raw_cloudtrail
WHERE (r->>'$.userIdentity.accessKeyId') = 'ASIAEXAMPLEDEPLOY001'
    AND CAST((r->>'$.eventTime') AS TIMESTAMPTZ) > '2024-03-01' AND CAST((r->>'$.eventTime') AS TIMESTAMPTZ) < '2024-03-07';
