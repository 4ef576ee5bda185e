-- Sessions of assumed roles: when they were created, by which role.
-- Source: Amazon Athena user guide, "Query nested fields" (CloudTrail).
-- Adapted: LIMIT 10 dropped, as every row is compared.
SELECT
    eventsource,
    eventname,
    useridentity.sessioncontext.attributes.creationdate,
    useridentity.sessioncontext.sessionissuer.arn
FROM cloudtrail_logs
WHERE useridentity.sessioncontext.sessionissuer.arn IS NOT NULL
ORDER BY eventsource, eventname;

SELECT (r->>'$.eventSource'), (r->>'$.eventName'),
    (r->>'$.userIdentity.sessionContext.attributes.creationDate'),
    (r->>'$.userIdentity.sessionContext.sessionIssuer.arn')
FROM raw_cloudtrail
WHERE (r->>'$.userIdentity.sessionContext.sessionIssuer.arn') IS NOT NULL;
