-- Mutating API calls (readOnly = false, a boolean) of one principal.
-- Source: aws-samples/cloud-trail-lake-query-samples (AWS's CloudTrail
-- Lake sample queries, IAM Identity Center user activity). Adapted: the
-- principal and period are the corpus's.
SELECT eventSource, eventName, eventTime, eventID, errorCode
FROM EXAMPLEf852-4e8f-8bd1-bcf6cEXAMPLE
WHERE userIdentity.principalId LIKE '%AIDAI23HXS3EXAMPLE'
AND readOnly = false
AND eventTime > '2014-01-01 00:00:00' AND eventTime < '2026-01-01 00:00:00';

SELECT (r->>'$.eventSource'), (r->>'$.eventName'), CAST(CAST((r->>'$.eventTime') AS TIMESTAMPTZ) AS TIMESTAMP),
    (r->>'$.eventID'), (r->>'$.errorCode')
FROM raw_cloudtrail
WHERE (r->>'$.userIdentity.principalId') LIKE '%AIDAI23HXS3EXAMPLE' AND (r->>'$.readOnly') = 'false';
