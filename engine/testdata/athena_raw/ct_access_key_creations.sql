-- Access keys created, with the user and key id from the response.
-- Source: awslabs/aws-security-analytics-bootstrap,
-- sql/dml/analytics/cloudtrail/cloudtrail_demo_queries.sql. Adapted: the
-- table is cloudtrail_logs, the partition constraints are dropped.
SELECT eventtime, useridentity.arn, useridentity.username, eventname,
	JSON_EXTRACT_SCALAR(JSON_EXTRACT(responseelements, '$.accessKey'), '$.userName') AS userName,
	JSON_EXTRACT_SCALAR(JSON_EXTRACT(responseelements, '$.accessKey'), '$.accessKeyId') AS accessKey
	FROM cloudtrail_logs
WHERE eventname = 'CreateAccessKey'
AND errorcode IS NULL
ORDER BY eventtime;

SELECT (r->>'$.eventTime'), (r->>'$.userIdentity.arn'), (r->>'$.userIdentity.userName'), (r->>'$.eventName'),
    (r->>'$.responseElements.accessKey.userName'), (r->>'$.responseElements.accessKey.accessKeyId')
FROM raw_cloudtrail
WHERE (r->>'$.eventName') = 'CreateAccessKey' AND (r->>'$.errorCode') IS NULL;
