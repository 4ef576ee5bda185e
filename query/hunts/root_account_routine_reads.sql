-- id: root_account_routine_reads
-- title: Root user reading from a familiar address
-- description: Successful reads made as the root user (Describe, List, Head, Lookup,
--   Search, Get other than of secrets, parameters, passwords and credentials) from an
--   address the root user already worked from in the $baseline before the window: the
--   owner checking the bill, the buckets or the instances from the usual place. Root
--   should still be locked away, so this stays visible, at low; root signing in,
--   writing, failing or reading from a new address is root_account_used's high finding.
-- severity: low
-- tactics: TA0004, TA0001
-- techniques: T1078.004
-- source: cloudtrail
-- logic: filter
-- covers: -
-- tags: root, privileged, baseline
-- baseline: 14d
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH root_calls AS (
    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $baseline_start AND time_dt < $window_end
      AND actor.user.type = 'Root'
      AND coalesce(metadata.event_code, '') <> 'AwsServiceEvent'
      AND actor.invoked_by IS NULL
),
matched AS (
    SELECT *
    FROM root_calls r
    WHERE time_dt >= $window_start
      AND regexp_matches(coalesce(api.operation, ''), '^(Describe|List|Head|Lookup|Search|Get)')
      AND NOT regexp_matches(api.operation, '^Get(SecretValue|Parameters?|ParametersByPath|PasswordData|SessionToken|FederationToken|SigninToken|AuthorizationToken|CredentialReport|.*Credentials?)$')
      AND api.response.error IS NULL
      AND EXISTS (SELECT 1 FROM root_calls b
                  WHERE b.time_dt < $window_start AND b.accountid = r.accountid AND b.src_endpoint.ip = r.src_endpoint.ip)
)
SELECT * FROM lh_filter_findings('matched', $gap, concat('root ', api.operation), top := 16)
