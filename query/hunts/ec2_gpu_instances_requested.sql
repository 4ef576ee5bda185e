-- id: ec2_gpu_instances_requested
-- title: GPU or accelerator instances requested
-- description: RunInstances asking for instance types matched by $gpu_types (GPU,
--   Inferentia, Trainium and FPGA families: p, g, inf, trn, dl, f, vt), whether AWS
--   launched them or refused (an unauthorised or over-quota attempt is the same intent).
--   Stolen credentials are turned into cryptomining or model training on these
--   families, which most accounts never run; types in $expected_types, the ones your
--   teams use, are ignored. The type is read from the request as CloudTrail writes it,
--   a string or an object with a value (as some SDKs and fleets send it), else from the
--   response's first launched instance.
-- severity: medium
-- tactics: TA0002, TA0040
-- techniques: T1496
-- source: cloudtrail
-- logic: filter
-- covers: stratus:aws.execution.ec2-launch-unusual-instances
-- tags: ec2, impact, cryptomining
-- param: gpu_types:string=^(p[0-9]|g[0-9]|inf[0-9]|trn[0-9]|dl[0-9]|f[0-9]|vt[0-9])[a-z0-9-]*\. | Instance types that make a finding (a regular expression).
-- param: expected_types:strings= | Instance types your account runs on purpose (for example g5.xlarge).
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH launches AS (
    SELECT *,
           coalesce(json_extract_string(api.request.data, '$.instanceType.value'),
                    CASE WHEN json_type(api.request.data, '$.instanceType') = 'VARCHAR' THEN json_extract_string(api.request.data, '$.instanceType') END,
                    json_extract_string(api.response.data, '$.instancesSet.items[0].instanceType')) AS instance_type
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ec2.amazonaws.com'
      AND api.operation = 'RunInstances'
),
requested AS (
    SELECT *
    FROM launches
    WHERE regexp_matches(instance_type, $gpu_types)
      AND NOT list_contains($expected_types, instance_type)
),
stretched AS (
    FROM lh_stretches('requested', lh_actor(actor), $gap)
)
SELECT * FROM lh_stretch_findings('stretched',
    concat(CAST(sum(coalesce(try_cast(json_extract_string(api.request.data, '$.instancesSet.items[0].maxCount') AS BIGINT), 1)) AS VARCHAR),
           CASE WHEN count(DISTINCT instance_type) = 1 THEN concat(' ', min(instance_type)) ELSE ' instances' END,
           ' requested in ', CAST(count(*) AS VARCHAR), ' RunInstances calls',
           CASE WHEN count(DISTINCT instance_type) > 1 THEN concat(' of ', lh_top(instance_type, 5)) ELSE '' END,
           CASE WHEN count(*) FILTER (WHERE api.response.error IS NOT NULL) > 0
                THEN concat(' (', CAST(count(*) FILTER (WHERE api.response.error IS NOT NULL) AS VARCHAR), ' refused: ',
                            array_to_string(list_sort(list(DISTINCT api.response.error) FILTER (WHERE api.response.error IS NOT NULL)), ', '), ')')
                ELSE '' END,
           lh_spread(src_endpoint.ip, region, ' | ')))
