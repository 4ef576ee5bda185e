-- id: instance_credentials_used_from_several_ips
-- title: Instance role credentials used from several IPs
-- description: One temporary credential of an EC2 instance role (role session i-...,
--   same access key id) was used from at least $min_ips distinct source IPs outside VPC
--   endpoints, AWS-internal calls excluded. An instance reaches AWS from one egress
--   address (its NAT gateway or public IP) plus, through a VPC endpoint, its private
--   one; calls through an endpoint are not counted, so that normal pair is quiet. A
--   second egress address usually means the credentials were taken from the metadata
--   service and replayed elsewhere (Sentinel STS token hijack hunts, Sigma IMDS
--   credentials used outside AWS). Critical: at most one of the addresses is the
--   instance's, so the credentials are in someone else's hands.
-- severity: critical
-- tactics: TA0006, TA0001
-- techniques: T1552.005, T1078.004
-- source: cloudtrail
-- logic: threshold
-- covers: aws_sts_token_ec2_hijack, aws_cloudtrail_imds_malicious_usage, aws_sts_token_lambda_hijack, aws_sts_token_ecs_glue_kinesis_hijack
-- tags: ec2, credentials, sts
-- param: min_ips:int=2 | Distinct source IPs for one credential that make a finding.
WITH events AS NOT MATERIALIZED (
    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND actor.user.type = 'AssumedRole'
      AND regexp_matches(actor.user.uid, '/i-[0-9a-f]{8,17}$')
      AND actor.user.credential_uid IS NOT NULL
      AND src_endpoint.ip IS NOT NULL
),
suspects AS (
    -- Credentials are counted first and described second, in plain
    -- aggregates that DuckDB can spill: the DISTINCT, ordered and evidence
    -- aggregates of every credential at once (152k of them over the medium
    -- bench's month) held more than the half gigabyte DuckDB gets under
    -- --memory-limit 1GB, and this hunt ran out of memory there alone.
    -- The address is NULL for calls through a VPC endpoint, which count(ip)
    -- leaves out, as the FILTER of the description does.
    SELECT accountid, actor, credential
    FROM (SELECT DISTINCT accountid, actor.user.uid AS actor, actor.user.credential_uid AS credential,
                 CASE WHEN src_endpoint.uid IS NULL THEN src_endpoint.ip END AS ip
          FROM events)
    GROUP BY ALL
    HAVING count(ip) >= $min_ips
)
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    min(region) AS region,
    actor.user.uid AS actor,
    max_by(src_endpoint.ip, time_dt) FILTER (WHERE src_endpoint.uid IS NULL) AS src_ip,
    concat('credential ', actor.user.credential_uid, ' of ', regexp_extract(actor.user.uid, 'assumed-role/(.*)$', 1), ' used from ',
           CAST(count(DISTINCT src_endpoint.ip) FILTER (WHERE src_endpoint.uid IS NULL) AS VARCHAR), ' IPs outside VPC endpoints: ',
           array_to_string(list_slice(list(DISTINCT src_endpoint.ip ORDER BY src_endpoint.ip) FILTER (WHERE src_endpoint.uid IS NULL), 1, 8), ', ')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM events e
SEMI JOIN suspects s ON e.accountid IS NOT DISTINCT FROM s.accountid AND e.actor.user.uid = s.actor AND e.actor.user.credential_uid = s.credential
GROUP BY accountid, actor.user.uid, actor.user.credential_uid
ORDER BY first_time
