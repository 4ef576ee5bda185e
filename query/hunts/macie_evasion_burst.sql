-- id: macie_evasion_burst
-- title: Burst of Macie configuration changes
-- description: More than $min_calls calls that archive Macie findings, change filters,
--   members, the session or classification jobs from one identity, from any
--   addresses, within any $span (Sigma "AWS Macie evasion").
-- severity: medium
-- tactics: TA0005
-- techniques: T1562.001
-- source: cloudtrail
-- logic: threshold
-- covers: aws_macic_evasion
-- tags: macie, detective-controls, tampering
-- param: min_calls:int=5 | Calls within the span tolerated (more than this fires).
-- param: span:duration=10m | Length of the span counted in.
-- param: gap:duration=1h | A pause longer than this (and than the span) between the actor's events starts a new finding.
WITH calls AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.operation IN ('ArchiveFindings', 'CreateFindingsFilter', 'DeleteMember', 'DisassociateFromMasterAccount', 'DisassociateMember', 'DisableMacie',
                          'DisableOrganizationAdminAccount', 'UpdateFindingsFilter', 'UpdateMacieSession', 'UpdateMemberSession', 'UpdateClassificationJob')
)
SELECT * FROM lh_call_bursts('calls', $span, $min_calls, $gap)
