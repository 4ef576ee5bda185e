-- id: offensive_tool_user_agent
-- title: Offensive or secret-scanning tool user agent
-- description: User agents of tools attackers run against AWS accounts: TruffleHog
--   (checks stolen keys with GetCallerIdentity), Pacu, S3 Browser (used in intrusions
--   to create users, keys and bucket policies), and SDKs running on Kali or Parrot
--   Linux. The list is $tool_pattern.
-- severity: high
-- tactics: TA0007, TA0006
-- techniques: T1589.001, T1087.004
-- source: cloudtrail
-- logic: filter
-- covers: aws_cloudtrail_pua_trufflehog, aws_sts_getcalleridentity_trufflehog, aws_iam_s3browser_loginprofile_creation, aws_iam_s3browser_user_or_accesskey_creation, aws_iam_s3browser_templated_s3_bucket_policy_creation
-- tags: user-agent, tools
-- param: tool_pattern:string=(?i)trufflehog|pacu|s3 browser|kali|parrot|cloudfox|weirdaal | Regular expression for tool user agents.
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *,
           concat(regexp_extract(http_request.user_agent, $tool_pattern), ' user agent, ', api.operation) AS what
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND regexp_matches(http_request.user_agent, $tool_pattern)
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
