-- id: instance_credentials_used_by_instance_operator
-- title: Instance role credentials used from the address that controlled the instance
-- description: Credentials of an EC2 instance role (a session named after the instance,
--   i-...) made calls from an address from which, within $max_gap, another identity ran
--   commands on that same instance, opened a session on it or pushed an SSH key to it
--   (SSM SendCommand or StartSession, EC2 Instance Connect, serial console). The
--   instance's own calls come from the instance; these come from the operator's machine,
--   so the credentials were read out of the instance (its metadata service) through the
--   command channel and replayed outside it. Calls through VPC endpoints and from AWS
--   services are not counted.
-- severity: critical
-- tactics: TA0006, TA0001
-- techniques: T1552.005, T1078.004
-- source: cloudtrail
-- logic: sequence
-- covers: stratus:aws.credential-access.ec2-steal-instance-credentials
-- tags: ec2, credentials, ssm
-- param: max_gap:duration=12h | Longest time between the control of the instance and the use of its credentials, either way.
WITH controls AS (
    SELECT accountid, time_dt, metadata.uid AS uid, api.operation AS operation, src_endpoint.ip AS ip,
           lh_actor(actor) AS operator,
           lower(unnest(CASE WHEN len(json_extract_string(api.request.data, '$.instanceIds[*]')) > 0
                             THEN json_extract_string(api.request.data, '$.instanceIds[*]')
                             ELSE [coalesce(json_extract_string(api.request.data, '$.instanceId'), json_extract_string(api.request.data, '$.target'))] END)) AS instance
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND ((api.service.name = 'ssm.amazonaws.com' AND api.operation IN ('SendCommand', 'StartSession'))
           OR (api.service.name = 'ec2-instance-connect.amazonaws.com' AND api.operation IN ('SendSSHPublicKey', 'SendSerialConsoleSSHPublicKey')))
      AND api.response.error IS NULL
      AND src_endpoint.ip IS NOT NULL
      AND NOT regexp_matches(coalesce(actor.user.uid, ''), '/i-[0-9a-fA-F]{8,17}$')
),
uses AS (
    -- Instance ids are lower-case hex; the anonymised Stratus Red Team logs
    -- mix cases, so both are read and ids are compared in lower case.
    SELECT accountid, region, time_dt, metadata.uid AS uid, api.operation AS operation, src_endpoint.ip AS ip,
           actor.user.uid AS session, actor.user.credential_uid AS credential,
           lower(regexp_extract(actor.user.uid, '/(i-[0-9a-fA-F]{8,17})$', 1)) AS instance
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND actor.user.type = 'AssumedRole'
      AND regexp_matches(actor.user.uid, '/i-[0-9a-fA-F]{8,17}$')
      AND src_endpoint.ip IS NOT NULL
      AND src_endpoint.uid IS NULL
      AND actor.invoked_by IS NULL
),
pairs AS (
    SELECT u.accountid, u.region, u.session, u.ip, u.instance, u.credential,
           u.uid AS use_uid, u.time_dt AS used_at, u.operation AS use_operation,
           c.uid AS control_uid, c.time_dt AS controlled_at, c.operation AS control_operation, c.operator
    FROM uses u
    JOIN controls c ON c.accountid = u.accountid AND c.instance = u.instance AND c.ip = u.ip
     AND u.time_dt BETWEEN c.time_dt - $max_gap AND c.time_dt + $max_gap
),
findings AS (
    SELECT accountid, session, ip,
           min(region) AS region,
           concat('credentials of ', any_value(instance), ' (', regexp_extract(session, 'assumed-role/([^/]+)/', 1), ', key ',
                  coalesce(min(credential), '?'), ') used from ', ip, ', where ', array_to_string(list_sort(list(DISTINCT operator)), ', '),
                  ' ran ', array_to_string(list_sort(list(DISTINCT control_operation)), ', '), ' on it; calls: ',
                  array_to_string(list_slice(list_sort(list(DISTINCT use_operation)), 1, 10), ', ')) AS summary
    FROM pairs
    GROUP BY accountid, session, ip
),
evidence AS (
    SELECT DISTINCT accountid, session, ip, use_uid AS uid, used_at AS time_dt FROM pairs
    UNION
    SELECT DISTINCT accountid, session, ip, control_uid, controlled_at FROM pairs
)
SELECT
    min(e.time_dt) AS first_time,
    max(e.time_dt) AS last_time,
    e.accountid AS account,
    any_value(f.region) AS region,
    e.session AS actor,
    e.ip AS src_ip,
    any_value(f.summary) AS summary,
    count(*) AS event_count,
    lh_evidence(e.uid, e.time_dt) AS evidence_uids,
    count(e.uid) AS evidence_total
FROM evidence e
JOIN findings f ON f.accountid = e.accountid AND f.session = e.session AND f.ip = e.ip
GROUP BY e.accountid, e.session, e.ip
ORDER BY first_time
