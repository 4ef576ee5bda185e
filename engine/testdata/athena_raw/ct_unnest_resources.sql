-- Events on resources whose ARN matches a pattern.
-- Source: Amazon Athena user guide, "Query nested fields" (CloudTrail,
-- CROSS JOIN UNNEST). Adapted: the pattern '%example/datafile.txt' names a
-- resource of the corpus.
SELECT
    awsregion,
    replace(unnested.resources_entry.ARN,'arn:aws:s3:::') as s3_resource,
    eventname,
    eventtime,
    useragent
FROM cloudtrail_logs t
CROSS JOIN UNNEST(t.resources) unnested (resources_entry)
WHERE unnested.resources_entry.ARN LIKE '%stratus-red-team%'
ORDER BY eventtime;

SELECT (r->>'$.awsRegion'), replace(x->>'$.ARN', 'arn:aws:s3:::', ''), (r->>'$.eventName'), (r->>'$.eventTime'), (r->>'$.userAgent')
FROM raw_cloudtrail, unnest(r->'$.resources[*]') AS u(x)
WHERE (x->>'$.ARN') LIKE '%stratus-red-team%';
