-- id: sso_identity_source_changed
-- title: IAM Identity Center identity source changed
-- description: Associating or disassociating a directory, or enabling or disabling an
--   external identity provider, in IAM Identity Center changes where every SSO user
--   comes from.
-- severity: high
-- tactics: TA0003, TA0005
-- techniques: T1484.002
-- source: cloudtrail
-- logic: filter
-- covers: aws_sso_idp_change
-- tags: sso, federation, persistence
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.operation, ' in IAM Identity Center') AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name IN ('sso-directory.amazonaws.com', 'sso.amazonaws.com')
  AND api.operation IN ('AssociateDirectory', 'DisableExternalIdPConfigurationForDirectory', 'DisassociateDirectory', 'EnableExternalIdPConfigurationForDirectory')
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
