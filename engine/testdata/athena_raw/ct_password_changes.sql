-- Console passwords created or changed, with the user whose it is.
-- Source: awslabs/aws-security-analytics-bootstrap,
-- sql/dml/analytics/cloudtrail/cloudtrail_demo_queries.sql. Adapted: the
-- table is cloudtrail_logs, the partition constraints are dropped.
SELECT eventtime, useridentity.arn, useridentity.username, eventname,
	JSON_EXTRACT_SCALAR(requestparameters, '$.userName') AS "username with password modified"
	FROM cloudtrail_logs
WHERE eventname IN ('UpdateLoginProfile', 'CreateLoginProfile')
AND errorcode IS NULL
ORDER BY eventtime;

SELECT (r->>'$.eventTime'), (r->>'$.userIdentity.arn'), (r->>'$.userIdentity.userName'), (r->>'$.eventName'),
    (r->>'$.requestParameters.userName')
FROM raw_cloudtrail
WHERE (r->>'$.eventName') IN ('UpdateLoginProfile', 'CreateLoginProfile') AND (r->>'$.errorCode') IS NULL;
