-- id: federation_token_by_iam_user
-- title: Federation token requested by an IAM user
-- description: GetFederationToken by an IAM user (or the root user) not in $brokers. It
--   mints credentials for a federated user that last up to 36 hours and keep working
--   after the caller's access key is deactivated or deleted, so stolen keys are turned
--   into credentials the key rotation does not reach. Custom identity brokers, the one
--   legitimate caller, belong in $brokers. The summary says whether the session policy
--   allows every action and how many calls the federated user then made.
-- severity: medium
-- tactics: TA0003, TA0005
-- techniques: T1550.001, T1078.004
-- source: cloudtrail
-- logic: filter
-- covers: stratus:aws.persistence.sts-federation-token
-- tags: sts, credentials, persistence
-- param: brokers:strings= | IAM user ARNs of identity brokers that call GetFederationToken by design, ignored.
WITH tokens AS (
    SELECT *,
           json_extract_string(api.response.data, '$.federatedUser.arn') AS federated_arn
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'sts.amazonaws.com'
      AND api.operation = 'GetFederationToken'
      AND actor.user.type IN ('IAMUser', 'Root')
      AND NOT list_contains($brokers, actor.user.uid)
      AND api.response.error IS NULL
),
federated_calls AS (
    SELECT actor.user.uid AS federated_arn, count(*) AS calls
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND actor.user.type = 'FederatedUser'
      AND actor.user.uid IN (SELECT federated_arn FROM tokens)
    GROUP BY 1
)
SELECT
    min(t.time_dt) AS first_time,
    max(t.time_dt) AS last_time,
    t.accountid AS account,
    t.region,
    lh_actor(t.actor) AS actor,
    t.src_endpoint.ip AS src_ip,
    concat('GetFederationToken for ', coalesce(t.federated_arn, json_extract_string(t.api.request.data, '$.name'), '?'),
           CASE WHEN regexp_matches(coalesce(json_extract_string(t.api.request.data, '$.policy'), ''), '"Action"\s*:\s*(\[\s*)?"\*"')
                THEN ', session policy allows every action' ELSE '' END,
           ', then ', CAST(coalesce(f.calls, 0) AS VARCHAR), ' calls as the federated user') AS summary,
    count(*) AS event_count,
    lh_evidence(t.metadata.uid, t.time_dt) AS evidence_uids,
    count(t.metadata.uid) AS evidence_total
FROM tokens t
LEFT JOIN federated_calls f ON f.federated_arn = t.federated_arn
GROUP BY ALL
ORDER BY first_time
