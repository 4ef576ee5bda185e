-- id: service_role_assumed_by_principal
-- title: Service role also assumed by a person or another principal
-- description: A role assumed in the window both by an AWS service (userIdentity.type
--   AWSService) and by some other kind of identity (Panther "potentially stolen service
--   role"): service roles are meant for the service alone.
-- severity: high
-- tactics: TA0004, TA0001
-- techniques: T1078.004
-- source: cloudtrail
-- logic: threshold
-- covers: panther_stolen_service_role
-- tags: sts, roles
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    min(region) AS region,
    min(actor.user.uid) FILTER (WHERE coalesce(actor.user.type, '') <> 'AWSService') AS actor,
    min(src_endpoint.ip) AS src_ip,
    concat('role ', regexp_extract(json_extract_string(api.request.data, '$.roleArn'), '[^/]+$'), ' assumed by ',
           array_to_string(list(DISTINCT coalesce(actor.user.type, 'unknown') ORDER BY coalesce(actor.user.type, 'unknown')), ', ')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.operation = 'AssumeRole'
  AND api.response.error IS NULL
  AND json_extract_string(api.request.data, '$.roleArn') IS NOT NULL
GROUP BY accountid, json_extract_string(api.request.data, '$.roleArn')
HAVING bool_or(actor.user.type = 'AWSService') AND bool_or(coalesce(actor.user.type, '') <> 'AWSService')
ORDER BY first_time
