-- IAM changes that succeeded, with their request parameters.
-- Source: awslabs/aws-security-analytics-bootstrap,
-- sql/dml/analytics/cloudtrail/cloudtrail_demo_queries.sql. Adapted: the
-- table is cloudtrail_logs, the partition constraints are dropped.
SELECT eventtime, useridentity.arn, useridentity.username, eventname, requestparameters
FROM cloudtrail_logs
WHERE eventsource = 'iam.amazonaws.com'
AND eventname NOT LIKE 'Get%'
AND eventname NOT LIKE 'List%'
AND eventname NOT LIKE 'Describe%'
AND errorcode IS NULL
ORDER BY eventtime;

SELECT (r->>'$.eventTime'), (r->>'$.userIdentity.arn'), (r->>'$.userIdentity.userName'), (r->>'$.eventName'),
    (r->>'$.requestParameters')
FROM raw_cloudtrail
WHERE (r->>'$.eventSource') = 'iam.amazonaws.com'
    AND NOT regexp_matches(r->>'$.eventName', '^(Get|List|Describe)')
    AND (r->>'$.errorCode') IS NULL;
