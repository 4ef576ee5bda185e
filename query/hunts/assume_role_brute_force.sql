-- id: assume_role_brute_force
-- title: AssumeRole denied across several roles
-- description: One caller, from any addresses, was denied AssumeRole for more than
--   $min_roles distinct roles in one stretch of its denied calls (Sentinel "assume role brute force"; the source counts
--   distinct error messages, which name the roles): role-name guessing.
-- severity: high
-- tactics: TA0006, TA0007
-- techniques: T1110, T1069.003
-- source: cloudtrail
-- logic: threshold
-- covers: aws_assume_role_brute_force
-- tags: sts, brute-force, discovery
-- param: min_roles:int=2 | Distinct roles that must be denied (more than).
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH denied AS (
    SELECT *, coalesce(actor.user.name, regexp_extract(actor.user.uid, '[^/]+$'), actor.user.type) AS caller
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.operation = 'AssumeRole'
      AND (api.response.error LIKE 'AccessDenied%' OR api.response.message LIKE '%not authorized%')
)
-- One finding per caller and stretch of time, whatever the addresses: a
-- pause longer than $gap between its denied calls starts the next stretch.
-- src_ip and region are those of the stretch's first call.
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    lh_earliest(region, time_dt) AS region,
    caller AS actor,
    lh_earliest(src_endpoint.ip, time_dt) AS src_ip,
    concat('AssumeRole denied for ', CAST(count(DISTINCT coalesce(json_extract_string(api.request.data, '$.roleArn'), api.response.message)) AS VARCHAR),
           ' roles: ', array_to_string(list_slice(list_sort(list(DISTINCT regexp_extract(json_extract_string(api.request.data, '$.roleArn'), '[^/]+$'))), 1, 8), ', '),
           lh_spread(src_endpoint.ip, NULL, ', ')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM lh_stretches('denied', caller, $gap)
GROUP BY accountid, caller, stretch
HAVING count(DISTINCT coalesce(json_extract_string(api.request.data, '$.roleArn'), api.response.message)) > $min_roles
ORDER BY first_time
