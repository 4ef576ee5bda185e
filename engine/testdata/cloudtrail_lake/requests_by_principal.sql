-- All requests by user by account for a time period, ordered by request count.
-- Source: aws-samples/cloud-trail-lake-query-samples (AWS's CloudTrail
-- Lake sample queries). Adapted: the event data store ID is AWS's example
-- ID, the period's end (equal to its start in the sample) is 2025-01-01.
SELECT
    userIdentity.principalid, useridentity.accountId, count(*
    ) as eventCount
FROM
    EXAMPLEf852-4e8f-8bd1-bcf6cEXAMPLE
WHERE
    userIdentity.principalid IS NOT NULL
    AND eventTime > '2022-01-01 00:00:00'
    AND eventTime < '2025-01-01 00:00:00'
GROUP
    BY userIdentity.principalid, useridentity.accountId ORDER BY EventCount DESC;

SELECT (r->>'$.userIdentity.principalId'), (r->>'$.userIdentity.accountId'), count(*)
FROM raw_cloudtrail
WHERE (r->>'$.userIdentity.principalId') IS NOT NULL
    AND CAST((r->>'$.eventTime') AS TIMESTAMPTZ) > '2022-01-01' AND CAST((r->>'$.eventTime') AS TIMESTAMPTZ) < '2025-01-01'
GROUP BY 1, 2;
