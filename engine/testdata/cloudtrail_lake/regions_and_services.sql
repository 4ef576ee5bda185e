-- Regions in use and the services used in them.
-- Source: aws-samples/cloud-trail-lake-query-samples (AWS's CloudTrail
-- Lake sample queries). Adapted: the event data store is named by an ARN,
-- the period is the corpus's.
SELECT
    awsRegion, eventSource, COUNT(*
    ) AS apiCount
FROM
    arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d
WHERE
    eventTime > '2014-01-01 00:00:00'
    AND eventTime < '2026-01-01 00:00:00'
GROUP
    BY awsRegion, eventSource ORDER BY apiCount DESC;

SELECT (r->>'$.awsRegion'), (r->>'$.eventSource'), count(*)
FROM raw_cloudtrail
WHERE CAST((r->>'$.eventTime') AS TIMESTAMPTZ) > '2014-01-01' AND CAST((r->>'$.eventTime') AS TIMESTAMPTZ) < '2026-01-01'
GROUP BY 1, 2;
