-- id: ssm_parameters_listed_then_decrypted
-- title: SSM parameters listed, then many decrypted
-- description: One identity listed the account's SSM parameters (DescribeParameters) and
--   within $max_gap decrypted at least $min_parameters distinct ones (GetParameter,
--   GetParameters or GetParametersByPath with decryption, a path counting as one):
--   SecureString parameters hold passwords and keys, and an application reads the names
--   it was configured with without listing them first, whereas whoever harvests them has
--   to find out what exists.
-- severity: high
-- tactics: TA0006
-- techniques: T1555.006
-- source: cloudtrail
-- logic: sequence
-- covers: stratus:aws.credential-access.ssm-retrieve-securestring-parameters
-- tags: credentials, ssm, secrets
-- param: min_parameters:int=10 | Distinct parameters decrypted after a listing that make a finding.
-- param: max_gap:duration=1h | Longest time between a listing and the decryptions it leads to.
WITH calls AS (
    SELECT *,
           api.operation = 'DescribeParameters' AS is_listing,
           CASE WHEN api.operation = 'DescribeParameters' THEN []
                WHEN len(json_extract_string(api.request.data, '$.names[*]')) > 0 THEN json_extract_string(api.request.data, '$.names[*]')
                ELSE [coalesce(json_extract_string(api.request.data, '$.name'), json_extract_string(api.request.data, '$.path') || '/*')] END AS parameters
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ssm.amazonaws.com'
      AND (api.operation = 'DescribeParameters'
           OR (api.operation IN ('GetParameter', 'GetParameters', 'GetParametersByPath')
               AND json_extract_string(api.request.data, '$.withDecryption') = 'true'))
      AND api.response.error IS NULL
),
-- A read counts when a listing came at most $max_gap before it, a listing
-- when a read follows within $max_gap.
sequences AS (
    FROM lh_then('calls', lh_actor(actor), is_listing, $max_gap)
)
SELECT * FROM lh_group_findings('sequences', [lh_actor(actor)],
    concat(CAST(count(*) FILTER (WHERE is_listing) AS VARCHAR), ' DescribeParameters, then ',
           CAST(len(list_distinct(flatten(list(parameters)))) AS VARCHAR), ' parameters decrypted in ',
           CAST(count(*) FILTER (WHERE NOT is_listing) AS VARCHAR), ' calls: ',
           array_to_string(list_slice(list_sort(list_distinct(flatten(list(parameters)))), 1, 5), ', '),
           CASE WHEN len(list_distinct(flatten(list(parameters)))) > 5 THEN ', ...' ELSE '' END),
    keep := count(*) FILTER (WHERE is_listing) > 0
        AND len(list_distinct(flatten(list(parameters)))) >= $min_parameters)
