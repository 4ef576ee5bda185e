-- RDS databases deleted without a final snapshot.
-- Source: aws-samples/cloud-trail-lake-query-samples (AWS's CloudTrail
-- Lake sample queries, DeleteDBCluster). Adapted: DB instances too (the
-- corpus's clusters keep their final snapshot). skipFinalSnapshot is a
-- JSON boolean; in the map<string,string> it reads 'true'.
SELECT
    coalesce(element_at(requestParameters, 'dBClusterIdentifier'), element_at(requestParameters, 'dBInstanceIdentifier')
    ) as DBCluster, userIdentity.sessionContext.sessionIssuer.userName as UserName, eventTime as DeletedTime
FROM
    EXAMPLEf852-4e8f-8bd1-bcf6cEXAMPLE
WHERE
    eventName IN ('DeleteDBCluster', 'DeleteDBInstance')
    and element_at(requestParameters, 'skipFinalSnapshot'
    ) = 'true';

SELECT coalesce(r->>'$.requestParameters.dBClusterIdentifier', r->>'$.requestParameters.dBInstanceIdentifier'),
    (r->>'$.userIdentity.sessionContext.sessionIssuer.userName'), CAST(CAST((r->>'$.eventTime') AS TIMESTAMPTZ) AS TIMESTAMP)
FROM raw_cloudtrail
WHERE (r->>'$.eventName') IN ('DeleteDBCluster', 'DeleteDBInstance')
    AND (r->>'$.requestParameters.skipFinalSnapshot') = 'true';
