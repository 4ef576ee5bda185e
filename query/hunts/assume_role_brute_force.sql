-- id: assume_role_brute_force
-- title: AssumeRole denied across several roles
-- description: One caller from one IP was denied AssumeRole for more than $min_roles
--   distinct roles in the window (Sentinel "assume role brute force"; the source counts
--   distinct error messages, which name the roles): role-name guessing.
-- severity: high
-- tactics: TA0006, TA0007
-- techniques: T1110, T1069.003
-- source: cloudtrail
-- logic: threshold
-- covers: aws_assume_role_brute_force
-- tags: sts, brute-force, discovery
-- param: min_roles:int=2 | Distinct roles that must be denied (more than).
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    min(region) AS region,
    coalesce(actor.user.name, regexp_extract(actor.user.uid, '[^/]+$'), actor.user.type) AS actor,
    src_endpoint.ip AS src_ip,
    concat('AssumeRole denied for ', CAST(count(DISTINCT coalesce(json_extract_string(api.request.data, '$.roleArn'), api.response.message)) AS VARCHAR),
           ' roles: ', array_to_string(list_slice(list_sort(list(DISTINCT regexp_extract(json_extract_string(api.request.data, '$.roleArn'), '[^/]+$'))), 1, 8), ', ')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.operation = 'AssumeRole'
  AND (api.response.error LIKE 'AccessDenied%' OR api.response.message LIKE '%not authorized%')
GROUP BY accountid, actor, src_endpoint.ip
HAVING count(DISTINCT coalesce(json_extract_string(api.request.data, '$.roleArn'), api.response.message)) > $min_roles
ORDER BY first_time
