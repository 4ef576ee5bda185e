-- id: detective_disabled
-- title: Amazon Detective disabled
-- description: DeleteGraph, DisassociateMembership or DeleteMembers removes accounts
--   from Amazon Detective investigations.
-- severity: high
-- tactics: TA0005
-- techniques: T1562.001
-- source: cloudtrail
-- logic: filter
-- covers: aws_securityhub_finding_evasion, ar_guardduty_disabled
-- tags: detective, detective-controls, tampering
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.graphArn'), '')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'detective.amazonaws.com'
  AND api.operation IN ('DeleteGraph', 'DisassociateMembership', 'DeleteMembers', 'DisableOrganizationAdminAccount')
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
