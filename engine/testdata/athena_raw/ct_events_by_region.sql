-- Where the activity is: events per region and operation.
-- Source: awslabs/aws-security-analytics-bootstrap,
-- sql/dml/analytics/cloudtrail/cloudtrail_demo_queries.sql. Adapted: the
-- table is cloudtrail_logs, region_partition is awsregion, the partition
-- constraints are dropped.
SELECT awsregion, eventname, count(*) as eventcount FROM cloudtrail_logs
GROUP BY awsregion, eventname
ORDER BY awsregion, eventcount DESC;

SELECT (r->>'$.awsRegion'), (r->>'$.eventName'), count(*) FROM raw_cloudtrail GROUP BY ALL;
