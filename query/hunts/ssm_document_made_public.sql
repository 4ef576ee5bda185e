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
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat('document ', json_extract_string(api.request.data, '$.name'), ' shared publicly') AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'ssm.amazonaws.com'
  AND api.operation = 'ModifyDocumentPermission'
  AND list_contains(json_extract_string(api.request.data, '$.accountIdsToAdd[*]'), 'all')
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
