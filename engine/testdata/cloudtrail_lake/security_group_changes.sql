-- Historical changes of security groups: rules added, from the request's
-- map of parameters (element_at; the rules are JSON text).
-- Source: aws-samples/cloud-trail-lake-query-samples (AWS's CloudTrail
-- Lake sample queries), its first part (AuthorizeSecurityGroupIngress).
-- Adapted: the period is the corpus's.
SELECT
    element_at(requestParameters, 'groupId') AS securityGroup,
    eventName,
    eventTime,
    element_at(requestParameters, 'ipPermissions') AS securityGroupRule,
    userIdentity.arn AS user,
    sourceIPAddress,
    eventSource
FROM
    EXAMPLEf852-4e8f-8bd1-bcf6cEXAMPLE
WHERE
    eventTime >= '2014-01-01 00:00:00'
    AND eventTime <= '2026-01-01 00:00:00'
    AND eventName = 'AuthorizeSecurityGroupIngress';

SELECT (r->>'$.requestParameters.groupId'), (r->>'$.eventName'), CAST(CAST((r->>'$.eventTime') AS TIMESTAMPTZ) AS TIMESTAMP),
    (r->'$.requestParameters.ipPermissions')::VARCHAR, (r->>'$.userIdentity.arn'), (r->>'$.sourceIPAddress'), (r->>'$.eventSource')
FROM raw_cloudtrail
WHERE (r->>'$.eventName') = 'AuthorizeSecurityGroupIngress';
