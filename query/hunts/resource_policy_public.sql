-- id: resource_policy_public
-- title: Resource policy grants access to everyone
-- description: A resource policy written through KMS (PutKeyPolicy, CreateKey),
--   OpenSearch (domain access policies), ECR (SetRepositoryPolicy), Secrets Manager
--   (PutResourcePolicy), Glacier, EFS, AWS Backup, Lambda layers or the Serverless
--   Application Repository has an Allow for principal "*" (or AWS "*") and no Condition
--   anywhere in the request: the key, domain, image, secret or backup is open to any AWS
--   account or to the internet. S3, SNS, SQS, snapshots and AMIs have hunts of their own.
--   Policies may be JSON objects or JSON text inside the request; both are read.
-- severity: high
-- tactics: TA0010, TA0005
-- techniques: T1530, T1222
-- source: cloudtrail
-- logic: filter
-- covers: -
-- tags: exposure, policy
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *,
           concat(api.service.name, ' ', api.operation, ' allows everyone on ',
               coalesce(json_extract_string(api.request.data, '$.keyId'), json_extract_string(api.request.data, '$.domainName'),
                        json_extract_string(api.request.data, '$.repositoryName'), json_extract_string(api.request.data, '$.secretId'),
                        json_extract_string(api.request.data, '$.vaultName'), json_extract_string(api.request.data, '$.fileSystemId'),
                        json_extract_string(api.request.data, '$.backupVaultName'), json_extract_string(api.request.data, '$.layerName'),
                        json_extract_string(api.request.data, '$.applicationId'), 'a new resource')) AS what
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND ((api.service.name = 'kms.amazonaws.com' AND api.operation IN ('PutKeyPolicy', 'CreateKey'))
           OR (api.service.name = 'es.amazonaws.com' AND api.operation IN ('CreateElasticsearchDomain', 'UpdateElasticsearchDomainConfig', 'CreateDomain', 'UpdateDomainConfig'))
           OR (api.service.name = 'ecr.amazonaws.com' AND api.operation = 'SetRepositoryPolicy')
           OR (api.service.name = 'secretsmanager.amazonaws.com' AND api.operation = 'PutResourcePolicy')
           OR (api.service.name = 'glacier.amazonaws.com' AND api.operation = 'SetVaultAccessPolicy')
           OR (api.service.name = 'elasticfilesystem.amazonaws.com' AND api.operation = 'PutFileSystemPolicy')
           OR (api.service.name = 'backup.amazonaws.com' AND api.operation = 'PutBackupVaultAccessPolicy')
           OR (api.service.name = 'serverlessrepo.amazonaws.com' AND api.operation = 'PutApplicationPolicy')
           OR (api.service.name = 'lambda.amazonaws.com' AND api.operation LIKE 'AddLayerVersionPermission%'
               AND json_extract_string(api.request.data, '$.principal') = '*'))
      AND (api.operation LIKE 'AddLayerVersionPermission%'
           OR (regexp_matches(api.request.data, '\\?"Principal\\?"\s*:\s*(\\?"\*\\?"|\{\s*\\?"AWS\\?"\s*:\s*(\[[^\]]*)?\\?"\*\\?")')
               AND regexp_matches(api.request.data, '\\?"Effect\\?"\s*:\s*\\?"Allow')
               AND NOT contains(api.request.data, 'Condition')))
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
