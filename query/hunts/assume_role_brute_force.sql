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
    SELECT *,
           coalesce(time_dt - lag(time_dt) OVER (PARTITION BY accountid, coalesce(actor.user.name, regexp_extract(actor.user.uid, '[^/]+$'), actor.user.type) ORDER BY time_dt) > $gap, true) AS opens
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.operation = 'AssumeRole'
      AND (api.response.error LIKE 'AccessDenied%' OR api.response.message LIKE '%not authorized%')
),
-- One finding per caller and stretch of time, whatever the addresses: a
-- pause longer than $gap between its denied calls starts the next stretch.
-- src_ip and region are those of the stretch's first call.
stretches AS (
    SELECT *,
           count(*) FILTER (WHERE opens) OVER (PARTITION BY accountid, coalesce(actor.user.name, regexp_extract(actor.user.uid, '[^/]+$'), actor.user.type) ORDER BY time_dt) AS stretch
    FROM denied
)
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    lh_earliest(region, time_dt) AS region,
    coalesce(actor.user.name, regexp_extract(actor.user.uid, '[^/]+$'), actor.user.type) AS actor,
    lh_earliest(src_endpoint.ip, time_dt) AS src_ip,
    concat('AssumeRole denied for ', CAST(count(DISTINCT coalesce(json_extract_string(api.request.data, '$.roleArn'), api.response.message)) AS VARCHAR),
           ' roles: ', array_to_string(list_slice(list_sort(list(DISTINCT regexp_extract(json_extract_string(api.request.data, '$.roleArn'), '[^/]+$'))), 1, 8), ', '),
           CASE WHEN count(DISTINCT src_endpoint.ip) > 1 THEN concat(', from ', CAST(count(DISTINCT src_endpoint.ip) AS VARCHAR), ' addresses',
                CASE WHEN count(DISTINCT regexp_extract(src_endpoint.ip, '^(\d+\.\d+\.\d+)\.\d+$', 1)) = 1 AND max(regexp_extract(src_endpoint.ip, '^(\d+\.\d+\.\d+)\.\d+$', 1)) <> ''
                     THEN concat(' in ', max(regexp_extract(src_endpoint.ip, '^(\d+\.\d+\.\d+)\.\d+$', 1)), '.0/24') ELSE '' END,
                ' (top: ', array_to_string(list_transform(list_slice(list_sort(list_transform(map_entries(histogram(src_endpoint.ip)),
                e -> {'n': -CAST(e.value AS BIGINT), 'k': e.key})), 1, 5), e -> e.k || CASE WHEN e.n < -1 THEN concat(' x', -e.n) ELSE '' END), ', '), ')') ELSE '' END) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM stretches
GROUP BY accountid, coalesce(actor.user.name, regexp_extract(actor.user.uid, '[^/]+$'), actor.user.type), stretch
HAVING count(DISTINCT coalesce(json_extract_string(api.request.data, '$.roleArn'), api.response.message)) > $min_roles
ORDER BY first_time
