-- id: ses_enumeration
-- title: SES reconnaissance of sending capacity
-- description: By one identity within any $span, in any regions: at least three of the four SES
--   checks GetAccountSendingEnabled, GetSendQuota, ListIdentities and
--   GetIdentityVerificationAttributes (Panther "SES enumeration"): someone sizing up
--   the account for sending spam.
-- severity: medium
-- tactics: TA0007, TA0042
-- techniques: T1580, T1585
-- source: cloudtrail
-- logic: threshold
-- covers: panther_corr_ses_enumeration
-- tags: ses, discovery
-- param: span:duration=36h | Length of the sliding span counted in.
-- param: gap:duration=1h | A pause longer than this (and than the span) between the actor's events starts a new finding.
WITH events AS (
    SELECT *,
           count(DISTINCT api.operation) OVER (PARTITION BY accountid, lh_actor(actor)
                          ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS in_span
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ses.amazonaws.com'
      AND api.operation IN ('GetAccountSendingEnabled', 'GetSendQuota', 'ListIdentities', 'GetIdentityVerificationAttributes')
),
bursts AS (
    FROM lh_bursts('events', lh_actor(actor), in_span >= 3, $span, $gap)
)
SELECT * FROM lh_stretch_findings('bursts',
    concat('SES checks: ', array_to_string(list(DISTINCT api.operation ORDER BY api.operation), ', '),
           lh_spread(src_endpoint.ip, region, ', ')))
