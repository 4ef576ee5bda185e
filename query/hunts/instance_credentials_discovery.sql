-- id: instance_credentials_discovery
-- title: Discovery calls made with an instance role
-- description: Credentials of an EC2 instance role (a session named after the instance,
--   i-...) made more than $min_operations distinct discovery calls (GetCallerIdentity,
--   ListBuckets, ListRoles, ListUsers, GetAccountAuthorizationDetails,
--   DescribeSnapshots, DescribeTrails, ListDetectors...) within any $span bucket, at
--   least one of them account reconnaissance (IAM users, roles and policies, trails,
--   detectors, secrets) (Panther "EC2 discovery commands"): an application rarely does
--   this; someone on the box does.
-- severity: high
-- tactics: TA0007
-- techniques: T1580, T1087.004
-- source: cloudtrail
-- logic: threshold
-- covers: panther_ec2_discovery_commands, aws_cloudtrail_imds_malicious_usage
-- tags: ec2, discovery, credentials
-- param: min_operations:int=2 | Distinct discovery operations needed (more than).
-- param: span:duration=90m | Length of the time buckets counted in.
WITH calls AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND actor.user.type = 'AssumedRole'
      AND regexp_matches(actor.user.uid, '/i-[0-9a-f]{8,17}$')
      AND api.operation IN ('GetCallerIdentity', 'ListBuckets', 'GetAccountSummary', 'ListRoles', 'ListUsers', 'GetAccountAuthorizationDetails',
                            'DescribeSnapshots', 'DescribeTrails', 'ListDetectors', 'ListSecrets', 'DescribeInstances', 'ListAttachedRolePolicies',
                            'GetBucketPolicy', 'DescribeDBInstances', 'ListFunctions20150331', 'ListFunctions')
)
-- lh_actor(actor) is the session's ARN: every call here has one.
SELECT * FROM lh_group_findings('calls', row(lh_actor(actor), time_bucket($span, time_dt)),
    concat('instance session ', regexp_extract(min(actor.user.uid), '[^/]+$'), ' ran ', CAST(count(DISTINCT api.operation) AS VARCHAR),
           ' discovery operations: ', array_to_string(list_slice(list(DISTINCT api.operation ORDER BY api.operation), 1, 10), ', ')),
    -- Applications list their own instances, buckets and databases; only
    -- account reconnaissance (IAM, trails, detectors, secrets) makes the
    -- burst worth a look. Without this, generated workloads gave 600
    -- findings in two weeks.
    keep := count(DISTINCT api.operation) > $min_operations
        AND count(*) FILTER (WHERE api.operation IN ('GetAccountSummary', 'ListRoles', 'ListUsers', 'GetAccountAuthorizationDetails',
                                                     'DescribeTrails', 'ListDetectors', 'ListSecrets', 'ListAttachedRolePolicies')) > 0)
