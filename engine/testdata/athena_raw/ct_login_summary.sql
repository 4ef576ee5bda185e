-- User login summary, via AssumeRole or ConsoleLogin, with every source IP
-- of each user.
-- Source: awslabs/aws-security-analytics-bootstrap,
-- sql/dml/analytics/cloudtrail/cloudtrail_demo_queries.sql. Adapted: the
-- table is cloudtrail_logs, the partition constraints are dropped.
SELECT  useridentity.arn, eventname, array_agg(DISTINCT(sourceipaddress) ORDER BY sourceipaddress) AS sourceips FROM cloudtrail_logs
WHERE useridentity.arn IS NOT NULL
AND (eventname = 'AssumeRole' OR eventname = 'ConsoleLogin')
GROUP BY useridentity.arn, eventname
ORDER BY eventname;

SELECT (r->>'$.userIdentity.arn'), (r->>'$.eventName'), list_sort(list_distinct(list(r->>'$.sourceIPAddress')))
FROM raw_cloudtrail
WHERE (r->>'$.userIdentity.arn') IS NOT NULL AND (r->>'$.eventName') IN ('AssumeRole', 'ConsoleLogin')
GROUP BY 1, 2;
