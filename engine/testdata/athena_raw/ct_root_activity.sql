-- Use of the root user, the condition of CloudTrail's "root account usage"
-- CloudWatch metric filter (CIS AWS Foundations Benchmark).
-- Source: AWS CloudTrail user guide, "Creating CloudWatch alarms for
-- CloudTrail events: examples" (root credential usage), as SQL.
SELECT eventtime, eventname, sourceipaddress, readonly, tlsdetails.tlsversion
FROM cloudtrail_logs
WHERE useridentity.type = 'Root'
AND useridentity.invokedby IS NULL
AND eventtype <> 'AwsServiceEvent';

SELECT (r->>'$.eventTime'), (r->>'$.eventName'), (r->>'$.sourceIPAddress'), (r->>'$.readOnly'), (r->>'$.tlsDetails.tlsVersion')
FROM raw_cloudtrail
WHERE (r->>'$.userIdentity.type') = 'Root' AND (r->>'$.userIdentity.invokedBy') IS NULL
    AND (r->>'$.eventType') <> 'AwsServiceEvent';
