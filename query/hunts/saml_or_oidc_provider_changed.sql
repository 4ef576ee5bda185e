-- id: saml_or_oidc_provider_changed
-- title: SAML or OIDC identity provider changed
-- description: Creating, updating or deleting an IAM SAML or OpenID Connect provider
--   changes who can federate into the account; a forged provider is a golden-SAML style
--   backdoor.
--   Changes IAM Identity Center makes itself (invoked by sso.amazonaws.com) are left out.
-- severity: high
-- tactics: TA0003, TA0005
-- techniques: T1484.002
-- source: cloudtrail
-- logic: filter
-- covers: aws_susp_saml_activity, aws_delete_saml_provider
-- tags: iam, federation, persistence
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'iam.amazonaws.com')
    WHERE api.operation IN ('CreateSAMLProvider', 'UpdateSAMLProvider', 'DeleteSAMLProvider', 'CreateOpenIDConnectProvider', 'DeleteOpenIDConnectProvider', 'AddClientIDToOpenIDConnectProvider', 'UpdateOpenIDConnectProviderThumbprint')
      AND coalesce(actor.invoked_by, '') <> 'sso.amazonaws.com'
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.sAMLProviderArn'), json_extract_string(api.request.data, '$.name'), json_extract_string(api.request.data, '$.url'), json_extract_string(api.request.data, '$.openIDConnectProviderArn'), '')))
