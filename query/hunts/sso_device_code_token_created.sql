-- id: sso_device_code_token_created
-- title: IAM Identity Center token issued through the device-code flow
-- description: CreateToken on sso.amazonaws.com with the OAuth device_code grant: a
--   person approved a device code and the requester received an Identity Center
--   access token. Device-code phishing works this way (the intruder starts the flow,
--   the victim approves it in their browser), and the CLI's own `aws sso login` used
--   it before it moved to PKCE, so this is a lead to check against the person: did
--   they log in from a CLI at that time and address?
-- severity: low
-- tactics: TA0006, TA0001
-- techniques: T1528, T1566.002
-- source: cloudtrail
-- logic: filter
-- covers: -
-- tags: sso, identity-center, token, phishing
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'sso.amazonaws.com')
    WHERE api.operation = 'CreateToken'
      AND json_extract_string(api.request.data, '$.grantType') = 'urn:ietf:params:oauth:grant-type:device_code'
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('Identity Center token issued by device code to ', coalesce(src_endpoint.ip, 'an unknown address'), ' (', coalesce(http_request.user_agent, 'no user agent'), ')'))
