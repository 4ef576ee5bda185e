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
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name IN ('macie2.amazonaws.com', 'macie.amazonaws.com')
      AND (api.operation IN ('DisableMacie', 'DisableOrganizationAdminAccount', 'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount', 'DisassociateMember', 'DeleteMember')
           OR (api.operation = 'UpdateMacieSession' AND upper(json_extract_string(api.request.data, '$.status')) = 'PAUSED'))
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' in Macie'))
