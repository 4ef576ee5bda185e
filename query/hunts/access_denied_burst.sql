-- id: access_denied_burst
-- title: Burst of authorization failures by one identity
-- description: At least $min_failures calls failing with AccessDenied or
--   UnauthorizedOperation by one IAM user or role session from one IP within an hour
--   bucket, excluding calls made by AWS services (Sentinel "IAM AccessDenied discovery
--   events", Sumo Logic authorization failures): stolen credentials probing what they
--   may do.
-- severity: medium
-- tactics: TA0007
-- techniques: T1580, T1087.004
-- source: cloudtrail
-- logic: threshold
-- covers: aws_iam_accessdenied_discovery, sumo_authorization_failures
-- tags: access-denied, discovery, sumo
-- param: min_failures:int=5 | Denied calls in one hour that make a finding.
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    min(region) AS region,
    coalesce(actor.user.uid, actor.user.name, actor.invoked_by, actor.user.account.uid) AS actor,
    src_endpoint.ip AS src_ip,
    concat(CAST(count(*) AS VARCHAR), ' denied calls in the hour from ', strftime(date_trunc('hour', min(time_dt)), '%Y-%m-%dT%H:00Z'), ': ',
           array_to_string(list_slice(list(DISTINCT api.operation ORDER BY api.operation), 1, 8), ', ')) AS summary,
    count(*) AS event_count,
    lh_earliest(metadata.uid, time_dt, 20) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail_all
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND (api.response.error IN ('AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation', 'UnauthorizedOperation')
       OR api.response.message IN ('Access Denied', 'AccessDenied'))
  AND actor.user.type IN ('IAMUser', 'AssumedRole', 'FederatedUser', 'Root')
  AND NOT ends_with(coalesce(http_request.user_agent, ''), '.amazonaws.com')
GROUP BY accountid, actor, src_endpoint.ip, date_trunc('hour', time_dt)
HAVING count(*) >= $min_failures
ORDER BY first_time
