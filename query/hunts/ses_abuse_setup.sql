-- id: ses_abuse_setup
-- title: SES sending enabled or identities changed
-- description: UpdateAccountSendingEnabled, VerifyEmailIdentity, DeleteIdentity or
--   SetIdentityFeedbackForwardingEnabled false: preparing the accounts mail service for
--   phishing or spam, or hiding bounces (Sigma SES hunts, Tailpipe feedback
--   forwarding).
-- severity: medium
-- tactics: TA0040, TA0042
-- techniques: T1496, T1585
-- source: cloudtrail
-- logic: filter
-- covers: aws_ses_messaging_enabled, aws_delete_identity, tp_ses_identity_feedback_forwarding_disabled
-- tags: ses, impact
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'ses.amazonaws.com')
    WHERE (api.operation IN ('UpdateAccountSendingEnabled', 'VerifyEmailIdentity', 'VerifyDomainIdentity', 'DeleteIdentity')
           OR (api.operation = 'SetIdentityFeedbackForwardingEnabled' AND json_extract_string(api.request.data, '$.forwardingEnabled') = 'false'))
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.identity'), json_extract_string(api.request.data, '$.emailAddress'), json_extract_string(api.request.data, '$.domain'), '')))
