-- id: getcalleridentity_from_new_ip
-- title: Credentials checked from a new IP
-- description: GetCallerIdentity by an assumed role or IAM user from an IP that
--   principal did not use in the $baseline before the window (Sentinel "credential
--   abuse or hijacking"): the first thing anyone does with freshly stolen keys is ask
--   whose they are. Principals with no baseline activity are skipped.
-- severity: medium
-- tactics: TA0007, TA0006
-- techniques: T1033, T1078.004
-- source: cloudtrail
-- logic: first-seen
-- covers: ar_credential_hijack_getcalleridentity, aws_sts_getcalleridentity_trufflehog
-- tags: sts, credentials, baseline
-- baseline: 14d
WITH known AS (
    SELECT DISTINCT coalesce(unmapped['userIdentity.sessionContext.sessionIssuer.arn'], actor.session.issuer, actor.user.uid) AS principal,
           src_endpoint.ip AS ip
    FROM cloudtrail
    WHERE time_dt >= $baseline_start AND time_dt < $window_start
      AND actor.user.uid IS NOT NULL
)
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    any_value(region) AS region,
    actor.user.uid AS actor,
    src_endpoint.ip AS src_ip,
    concat('GetCallerIdentity from new IP ', src_endpoint.ip, coalesce(' with ' || any_value(http_request.user_agent), '')) AS summary,
    count(*) AS event_count,
    min_by(metadata.uid, time_dt, 20) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail c
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'sts.amazonaws.com'
  AND api.operation = 'GetCallerIdentity'
  AND actor.user.type IN ('AssumedRole', 'IAMUser')
  AND src_endpoint.ip IS NOT NULL
  AND EXISTS (SELECT 1 FROM known k WHERE k.principal = coalesce(c.unmapped['userIdentity.sessionContext.sessionIssuer.arn'], c.actor.session.issuer, c.actor.user.uid))
  AND NOT EXISTS (SELECT 1 FROM known k WHERE k.principal = coalesce(c.unmapped['userIdentity.sessionContext.sessionIssuer.arn'], c.actor.session.issuer, c.actor.user.uid)
                                         AND k.ip = c.src_endpoint.ip)
GROUP BY accountid, actor.user.uid, src_endpoint.ip
ORDER BY first_time
