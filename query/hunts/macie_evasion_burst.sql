-- id: macie_evasion_burst
-- title: Burst of Macie configuration changes
-- description: More than $min_calls calls that archive Macie findings, change filters,
--   members, the session or classification jobs from one identity and IP within any
--   $span (Sigma "AWS Macie evasion").
-- severity: medium
-- tactics: TA0005
-- techniques: T1562.001
-- source: cloudtrail
-- logic: threshold
-- covers: aws_macic_evasion
-- tags: macie, detective-controls, tampering
-- param: min_calls:int=5 | Calls within the span tolerated (more than this fires).
-- param: span:duration=10m | Length of the span counted in.
WITH calls AS (
    SELECT *,
           count(*) OVER (PARTITION BY accountid, lh_actor(actor), src_endpoint.ip
                          ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS in_span
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.operation IN ('ArchiveFindings', 'CreateFindingsFilter', 'DeleteMember', 'DisassociateFromMasterAccount', 'DisassociateMember', 'DisableMacie',
                          'DisableOrganizationAdminAccount', 'UpdateFindingsFilter', 'UpdateMacieSession', 'UpdateMemberSession', 'UpdateClassificationJob')
)
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    min(region) AS region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(CAST(max(in_span) AS VARCHAR), ' calls within ', CAST($span AS VARCHAR), ' (', CAST(count(*) AS VARCHAR), ' in all): ',
           array_to_string(list_slice(list(DISTINCT api.operation ORDER BY api.operation), 1, 10), ', ')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM calls
GROUP BY accountid, actor, src_endpoint.ip
HAVING max(in_span) > $min_calls
ORDER BY first_time
