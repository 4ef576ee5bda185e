-- id: kms_key_material_imported
-- title: KMS key material imported or deleted
-- description: ImportKeyMaterial or DeleteImportedKeyMaterial: imported key material
--   can be withdrawn at will, which makes it a ransomware tool (encrypt with a key
--   whose material only the attacker keeps).
-- severity: medium
-- tactics: TA0040
-- techniques: T1486
-- source: cloudtrail
-- logic: filter
-- covers: aws_kms_import_key_material
-- tags: kms, impact
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.keyId'), '')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'kms.amazonaws.com'
  AND api.operation IN ('ImportKeyMaterial', 'DeleteImportedKeyMaterial')
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
