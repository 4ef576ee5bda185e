-- id: lambda_function_reads_many_secrets
-- title: Lambda function reads many secrets
-- description: The execution role session of a Lambda function (an assumed role whose
--   SDK reports exec-env/AWS_Lambda_, or whose session is named after a function invoked
--   in the window, as Lambda names it) read at least $min_secrets distinct Secrets
--   Manager secrets within any $span. A function reads the few secrets it was written
--   for on every invocation; one that reads many has had its code or its invocation
--   turned into a way to pull secrets with a role nobody watches (T1648 then
--   T1555.006). The summary counts the function's invocations (lambda_execution) in
--   the $span before its first read, and who made them. Functions in $readers read
--   many secrets by design (rotation, replication) and are ignored. Judged against the
--   function's own $baseline before the window: the span must hold clearly more
--   distinct secrets than any span of the baseline did ($over_peak times its peak), or
--   secrets the function never read in it numbering at least $min_new and at least the
--   peak divided by $over_peak; a function without history is judged by the floor
--   alone. Handlers that read a handful of secrets every day made a third of a
--   generated month's quiet-day incidents with the floor alone.
-- severity: high
-- tactics: TA0006, TA0002
-- techniques: T1555.006, T1648
-- source: cloudtrail
-- logic: threshold
-- covers: -
-- tags: lambda, secrets, credentials, data-events, baseline
-- baseline: 14d
-- param: min_secrets:int=5 | Distinct secrets read that make a finding, whatever the history (the floor).
-- param: min_new:int=3 | Secrets never read in the baseline, within one span, that make a finding of a span under the baseline's peak (at the least).
-- param: over_peak:float=2 | How many times the baseline's peak a span must hold; never-read secrets must number at least the peak divided by this.
-- param: readers:strings= | Function names whose roles read many secrets by design, ignored.
-- param: span:duration=1h | Length of the sliding span counted in, and looked back for invocations.
-- param: gap:duration=1h | A pause longer than this (and than the span) between the function's reads starts a new finding.
WITH invocations AS (
    SELECT accountid, time_dt, lh_actor(actor) AS invoker,
           regexp_extract(json_extract_string(api.request.data, '$.functionName'), '^(?:arn:[^:]+:lambda:[^:]+:[0-9]+:function:)?([^:]+)', 1) AS function_name
    FROM cloudtrail_all
    WHERE time_dt >= $window_start - $span AND time_dt < $window_end
      AND api.service.name = 'lambda.amazonaws.com'
      AND api.operation = 'Invoke'
),
reads AS (
    SELECT *,
           regexp_extract(actor.user.uid, '^arn:[^:]+:sts::[0-9]+:assumed-role/[^/]+/(.+)$', 1) AS function_name,
           -- A secret named by ARN is the same secret as by name: the name is
           -- what follows ':secret:', less the six characters Secrets Manager adds.
           regexp_replace(coalesce(json_extract_string(api.request.data, '$.secretId'),
                                   array_to_string(json_extract_string(api.request.data, '$.secretIdList[*]'), ',')),
                          '^arn:[^:]+:secretsmanager:[^:]+:[0-9]+:secret:(.+)-[A-Za-z0-9]{6}$', '\1') AS secret
    FROM cloudtrail_all
    WHERE time_dt >= $baseline_start AND time_dt < $window_end
      AND api.service.name = 'secretsmanager.amazonaws.com'
      AND api.operation IN ('GetSecretValue', 'BatchGetSecretValue')
      AND api.response.error IS NULL
      AND actor.user.type = 'AssumedRole'
),
-- Read twice below: lh_finding_rows keeps it to the fields it needs.
function_reads AS (
    SELECT *,
           count(DISTINCT secret) OVER (PARTITION BY accountid, lh_actor(actor) ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS in_span
    FROM lh_finding_rows('reads')
    WHERE NOT list_contains($readers, function_name)
      AND (contains(coalesce(http_request.user_agent, ''), 'exec-env/AWS_Lambda_')
           OR concat(accountid, ' ', function_name) IN (SELECT concat(accountid, ' ', function_name) FROM invocations))
),
-- The function's history: its session is named after it, so lh_actor is
-- the function's role session on every day.
history AS (
    SELECT accountid, lh_actor(actor) AS who, max(in_span) AS peak, list(DISTINCT secret) AS known
    FROM function_reads
    WHERE time_dt < $window_start
    GROUP BY ALL
),
judged AS (
    SELECT *,
           count(DISTINCT CASE WHEN is_new THEN secret END) OVER (PARTITION BY accountid, lh_actor(actor)
                          ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS new_in_span
    FROM (SELECT r.*, h.peak, NOT coalesce(list_contains(h.known, r.secret), false) AS is_new
          FROM function_reads r
          LEFT JOIN history h ON h.accountid = r.accountid AND h.who = lh_actor(r.actor)
          WHERE r.time_dt >= $window_start)
),
bursts AS (
    FROM lh_bursts('judged', lh_actor(actor), in_span >= $min_secrets AND (peak IS NULL OR in_span >= $over_peak * peak OR new_in_span >= greatest($min_new, peak / $over_peak)), $span, $gap)
),
findings AS (
    FROM lh_stretch_findings('bursts',
        concat('function ', min(function_name), ' read ', CAST(count(DISTINCT secret) AS VARCHAR), ' secrets in ', CAST(count(*) AS VARCHAR), ' calls: ',
               lh_top(secret, 8), CASE WHEN count(DISTINCT secret) > 8 THEN concat(' and ', CAST(count(DISTINCT secret) - 8 AS VARCHAR), ' more') ELSE '' END,
               ' (burst peak ', CAST(max(in_span) AS VARCHAR), ' within ', CAST($span AS VARCHAR), ')',
               CASE WHEN max(peak) IS NULL THEN '' ELSE concat(', against a baseline peak of ', CAST(max(peak) AS VARCHAR)) END,
               CASE WHEN bool_or(is_new) AND max(peak) IS NOT NULL THEN concat(', ', CAST(count(DISTINCT secret) FILTER (WHERE is_new) AS VARCHAR), ' never read before') ELSE '' END,
               lh_spread(src_endpoint.ip, region, ', ')))
)
SELECT f.first_time, f.last_time, f.account, f.region, f.actor, f.src_ip,
       concat(f.summary, coalesce((
           SELECT concat('; invoked ', CAST(count(*) AS VARCHAR), CASE WHEN count(*) = 1 THEN ' time' ELSE ' times' END, ' in the ', CAST($span AS VARCHAR), ' before, by ', lh_top(i.invoker, 3))
           FROM invocations i
           WHERE i.accountid = f.account
             AND i.function_name = regexp_extract(f.actor, '^arn:[^:]+:sts::[0-9]+:assumed-role/[^/]+/(.+)$', 1)
             AND i.time_dt >= f.first_time - $span AND i.time_dt <= f.first_time
           HAVING count(*) > 0), '')) AS summary,
       f.event_count, f.evidence_uids, f.evidence_total
FROM findings f
ORDER BY f.first_time
