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
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name IN ('sso-directory.amazonaws.com', 'sso.amazonaws.com')
      AND api.operation IN ('AssociateDirectory', 'DisableExternalIdPConfigurationForDirectory', 'DisassociateDirectory', 'EnableExternalIdPConfigurationForDirectory')
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' in IAM Identity Center'))
