-- Unauthorized attempts against AWS services in a window of days, by the
-- partition of the partition projection table.
-- Source: Amazon Security Lake user guide, CloudTrail example queries
-- ("Unauthorized attempts against AWS services"), rewritten for the raw
-- table: its OCSF columns become cloudtrail_logs' (api.response.error is
-- errorcode, ...), the time bound is the timestamp partition.
SELECT eventtime, eventsource, eventname, errorcode, errormessage, responseelements, awsregion,
    useridentity.arn, sourceipaddress, useragent
FROM cloudtrail_logs
WHERE "timestamp" BETWEEN '2024/07/30' AND '2024/11/30'
AND errorcode in (
    'Client.UnauthorizedOperation',
    'Client.InvalidPermission.NotFound',
    'Client.OperationNotPermitted',
    'AccessDenied')
ORDER BY eventtime desc;

SELECT (r->>'$.eventTime'), (r->>'$.eventSource'), (r->>'$.eventName'), (r->>'$.errorCode'), (r->>'$.errorMessage'),
    (r->>'$.responseElements'), (r->>'$.awsRegion'), (r->>'$.userIdentity.arn'), (r->>'$.sourceIPAddress'), (r->>'$.userAgent')
FROM raw_cloudtrail
WHERE CAST(r->>'$.eventTime' AS TIMESTAMPTZ) >= '2024-07-30' AND CAST(r->>'$.eventTime' AS TIMESTAMPTZ) < '2024-12-01'
    AND (r->>'$.errorCode') IN ('Client.UnauthorizedOperation', 'Client.InvalidPermission.NotFound',
        'Client.OperationNotPermitted', 'AccessDenied');
