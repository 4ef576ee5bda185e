-- id: ssm_document_made_public
-- title: SSM document shared publicly
-- description: ModifyDocumentPermission adding "all" to accountIdsToAdd: the document,
--   and any secret or internal detail in it, is public.
-- severity: high
-- tactics: TA0010
-- techniques: T1537
-- source: cloudtrail
-- logic: filter
-- covers: tp_ssm_document_shared_publicly
-- tags: ssm, exposure
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'ssm.amazonaws.com')
    WHERE api.operation = 'ModifyDocumentPermission'
      AND list_contains(json_extract_string(api.request.data, '$.accountIdsToAdd[*]'), 'all')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('document ', json_extract_string(api.request.data, '$.name'), ' shared publicly'))
