-- id: policy_allows_all_actions
-- title: Policy created or versioned to allow every action on every resource
-- description: CreatePolicy or CreatePolicyVersion whose document has an Allow
--   statement with Action "*" (or "iam:*") on Resource "*": a full-admin policy.
--   Statements are read whether Statement is one object or an array; documents that are
--   not valid JSON are skipped.
-- severity: high
-- tactics: TA0004, TA0003
-- techniques: T1098
-- source: cloudtrail
-- logic: filter
-- covers: aws_policy_version_wildcard_action, aws_create_policy_version_allow_all_resources, ar_full_admin_policy_created_attached
-- tags: iam, policy, privilege-escalation
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH changes AS (
    SELECT *, try(json(json_extract_string(api.request.data, '$.policyDocument'))) AS doc
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'iam.amazonaws.com'
      AND api.operation IN ('CreatePolicy', 'CreatePolicyVersion')
      AND api.response.error IS NULL
),
matched AS (
    SELECT *,
           concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.policyName'), json_extract_string(api.request.data, '$.policyArn')), ' allows * on *') AS what
    FROM changes
    WHERE doc IS NOT NULL
      AND len(list_filter(CASE json_type(doc, '$.Statement')
                 WHEN 'ARRAY' THEN json_extract(doc, '$.Statement[*]')
                 WHEN 'OBJECT' THEN [json_extract(doc, '$.Statement')]
                 ELSE [] END,
                       s -> json_extract_string(s, '$.Effect') = 'Allow'
                       AND (json_extract_string(s, '$.Action') = '*' OR list_contains(json_extract_string(s, '$.Action[*]'), '*')
                            OR json_extract_string(s, '$.Action') = 'iam:*' OR list_contains(json_extract_string(s, '$.Action[*]'), 'iam:*'))
                       AND (json_extract_string(s, '$.Resource') = '*' OR list_contains(json_extract_string(s, '$.Resource[*]'), '*')))) > 0
),
-- One finding per actor and stretch of time, whatever the addresses,
-- regions and objects: a pause longer than $gap between the actor's
-- events starts the next stretch. src_ip and region are those of the
-- stretch's first event; the summary counts the rest.
paced AS (
    SELECT *,
           coalesce(time_dt - lag(time_dt) OVER (PARTITION BY accountid, lh_actor(actor) ORDER BY time_dt) > $gap, true) AS opens
    FROM matched
),
stretches AS (
    SELECT *,
           count(*) FILTER (WHERE opens) OVER (PARTITION BY accountid, lh_actor(actor) ORDER BY time_dt) AS stretch
    FROM paced
)
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    lh_earliest(region, time_dt) AS region,
    lh_actor(actor) AS actor,
    lh_earliest(src_endpoint.ip, time_dt) AS src_ip,
    concat(CASE WHEN count(DISTINCT what) = 1 THEN min(what)
                ELSE array_to_string(list_transform(list_slice(list_sort(list_transform(map_entries(histogram(what)),
                     e -> {'n': -CAST(e.value AS BIGINT), 'k': e.key})), 1, 8), e -> e.k || CASE WHEN e.n < -1 THEN concat(' x', -e.n) ELSE '' END), '; ') END,
           CASE WHEN count(DISTINCT what) > 8 THEN concat('; and ', CAST(count(DISTINCT what) - 8 AS VARCHAR), ' more') ELSE '' END,
           CASE WHEN count(DISTINCT src_endpoint.ip) > 1 THEN concat(' | from ', CAST(count(DISTINCT src_endpoint.ip) AS VARCHAR), ' addresses',
                     CASE WHEN count(DISTINCT regexp_extract(src_endpoint.ip, '^(\d+\.\d+\.\d+)\.\d+$', 1)) = 1 AND max(regexp_extract(src_endpoint.ip, '^(\d+\.\d+\.\d+)\.\d+$', 1)) <> ''
                          THEN concat(' in ', max(regexp_extract(src_endpoint.ip, '^(\d+\.\d+\.\d+)\.\d+$', 1)), '.0/24') ELSE '' END,
                     ' (top: ', array_to_string(list_transform(list_slice(list_sort(list_transform(map_entries(histogram(src_endpoint.ip)),
                     e -> {'n': -CAST(e.value AS BIGINT), 'k': e.key})), 1, 5), e -> e.k || CASE WHEN e.n < -1 THEN concat(' x', -e.n) ELSE '' END), ', '), ')') ELSE '' END,
           CASE WHEN count(DISTINCT region) > 1 THEN concat(' | in ', CAST(count(DISTINCT region) AS VARCHAR), ' regions: ',
                     array_to_string(list(DISTINCT region ORDER BY region), ', ')) ELSE '' END) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM stretches
GROUP BY accountid, lh_actor(actor), stretch
ORDER BY first_time
