-- Which principals called which operations, from which addresses, when.
-- Source: Amazon Athena user guide, "Query AWS CloudTrail logs", tips for
-- querying CloudTrail logs. Adapted: LIMIT 100 dropped, as every row is
-- compared.
SELECT
 useridentity.arn,
 eventname,
 sourceipaddress,
 eventtime
FROM cloudtrail_logs;

SELECT (r->>'$.userIdentity.arn'), (r->>'$.eventName'), (r->>'$.sourceIPAddress'), (r->>'$.eventTime')
FROM raw_cloudtrail;
