-- id: ses_enumeration
-- title: SES reconnaissance of sending capacity
-- description: In one account and region within $span: at least three of the four SES
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
-- param: span:duration=36h | Length of the time buckets counted in.
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    min(src_endpoint.ip) AS src_ip,
    concat('SES checks: ', array_to_string(list(DISTINCT api.operation ORDER BY api.operation), ', ')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'ses.amazonaws.com'
  AND api.operation IN ('GetAccountSendingEnabled', 'GetSendQuota', 'ListIdentities', 'GetIdentityVerificationAttributes')
GROUP BY accountid, region, actor, time_bucket($span, time_dt)
HAVING count(DISTINCT api.operation) >= 3
ORDER BY first_time
