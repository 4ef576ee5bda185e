-- id: macie_disabled
-- title: Amazon Macie disabled
-- description: DisableMacie, DisableOrganizationAdminAccount, disassociation or pausing
--   the Macie session stops sensitive-data discovery.
-- severity: high
-- tactics: TA0005
-- techniques: T1562.001
-- source: cloudtrail
-- logic: filter
-- covers: aws_macic_evasion
-- tags: macie, detective-controls, tampering
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.operation, ' in Macie') AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name IN ('macie2.amazonaws.com', 'macie.amazonaws.com')
  AND (api.operation IN ('DisableMacie', 'DisableOrganizationAdminAccount', 'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount', 'DisassociateMember', 'DeleteMember')
       OR (api.operation = 'UpdateMacieSession' AND upper(json_extract_string(api.request.data, '$.status')) = 'PAUSED'))
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
