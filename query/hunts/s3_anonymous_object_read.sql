-- id: s3_anonymous_object_read
-- title: S3 objects read anonymously
-- description: GetObject by the anonymous principal (data events): objects of a public
--   bucket being pulled (Sentinel "S3 object exfiltration from anonymous user").
-- severity: medium
-- tactics: TA0010
-- techniques: T1530
-- source: cloudtrail
-- logic: filter
-- covers: ar_s3_anonymous_getobject
-- tags: s3, exfiltration
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *,
           concat('anonymous GetObject from bucket ', json_extract_string(api.request.data, '$.bucketName')) AS what
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 's3.amazonaws.com'
      AND api.operation = 'GetObject'
      AND (actor.user.account.uid = 'ANONYMOUS_PRINCIPAL' OR actor.user.uid_alt = 'Anonymous' OR actor.user.type = 'AWSAccount' AND actor.user.uid_alt = 'Anonymous')
      AND api.response.error IS NULL
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
