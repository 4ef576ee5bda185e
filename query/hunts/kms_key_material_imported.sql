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
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'kms.amazonaws.com')
    WHERE api.operation IN ('ImportKeyMaterial', 'DeleteImportedKeyMaterial')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.keyId'), '')))
