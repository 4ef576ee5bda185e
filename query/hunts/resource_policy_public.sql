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
    SELECT *
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
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.service.name, ' ', api.operation, ' allows everyone on ',
        coalesce(json_extract_string(api.request.data, '$.keyId'), json_extract_string(api.request.data, '$.domainName'),
                 json_extract_string(api.request.data, '$.repositoryName'), json_extract_string(api.request.data, '$.secretId'),
                 json_extract_string(api.request.data, '$.vaultName'), json_extract_string(api.request.data, '$.fileSystemId'),
                 json_extract_string(api.request.data, '$.backupVaultName'), json_extract_string(api.request.data, '$.layerName'),
                 json_extract_string(api.request.data, '$.applicationId'), 'a new resource')))
