-- id: rds_failover_or_reboot
-- title: RDS database rebooted or failed over
-- description: RebootDBInstance, RebootDBCluster, FailoverDBCluster or
--   FailoverGlobalCluster succeeded: the database stops answering for a while, and a
--   forced failover moves the writer to another instance or region. Operators do this
--   during maintenance; an intruder does it to interrupt service or to make a restored
--   or modified copy take over (Panther "RDS instance rebooted" and "cluster
--   failover"). Low: a lead to hold against the change calendar.
-- severity: low
-- tactics: TA0040
-- techniques: T1529
-- source: cloudtrail
-- logic: filter
-- covers: -
-- tags: rds, impact
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'rds.amazonaws.com')
    WHERE api.operation IN ('RebootDBInstance', 'RebootDBCluster', 'FailoverDBCluster', 'FailoverGlobalCluster')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ',
        coalesce(json_extract_string(api.request.data, '$.dBInstanceIdentifier'), json_extract_string(api.request.data, '$.dBClusterIdentifier'),
                 json_extract_string(api.request.data, '$.globalClusterIdentifier'), 'a database'),
        CASE WHEN json_extract_string(api.request.data, '$.forceFailover') = 'true' THEN ' with forced failover' ELSE '' END,
        CASE WHEN json_extract_string(api.request.data, '$.targetDbClusterIdentifier') IS NOT NULL
             THEN concat(' to ', json_extract_string(api.request.data, '$.targetDbClusterIdentifier')) ELSE '' END))
