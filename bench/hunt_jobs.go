package bench

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"time"

	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/huntrun"
	"github.com/lakehunt/lakehunt/query/incident"
	"github.com/lakehunt/lakehunt/query/investigate"
	"github.com/lakehunt/lakehunt/query/workflow"
)

// rivalHunts are the pack's hunts whose questions read as one plain query
// over the raw files; scenario 3 times them on both sides. The rest of the
// pack leans on baselines, joins across sources and parameters that a
// DuckDB user would not rewrite for raw JSON.
var rivalHunts = []string{"access_denied_burst", "admin_policy_attached", "cloudtrail_logging_stopped", "console_brute_force", "discovery_burst"}

// runHunts runs hunts over the lake as `lakehunt hunt run` does (the same
// workflow): the engine in DuckDB's dialect from the earliest baseline on,
// two hunts at a time. The whole pack (no hunt named) also groups its
// findings into incidents, timed apart from the hunts.
func runHunts(ctx context.Context, j job) (outcome, error) {
	var res *huntrun.Result
	req := workflow.HuntRequest{
		Lake: j.Lake, Engine: workflow.EngineSettings{Now: j.Now, MemoryLimit: j.MemoryLimit},
		Window: hunt.Window{Start: j.From, End: j.To}, IDs: j.Hunts, Parallel: 2, NoCache: j.NoCache,
	}
	if len(j.Hunts) == 0 {
		req.Incidents = &incident.Options{}
	}
	secs, err := timed(func() (err error) {
		res, err = workflow.RunHunts(ctx, req)
		return err
	})
	if err != nil {
		return outcome{}, err
	}
	report := res.Report
	out := outcome{Seconds: secs, Rows: int64(len(report.Findings)), Detail: map[string]float64{
		"hunts": float64(len(report.Summaries)), "failed": float64(report.Failed()),
	}}
	if req.Incidents != nil {
		out.Detail["incidents"] = float64(len(res.Incidents))
		out.Detail["grouping_seconds"] = res.Grouping.Seconds()
		for _, inc := range res.Incidents {
			if inc.Severity >= hunt.SeverityMedium {
				out.Detail["incidents_medium_or_above"]++
			}
		}
	}
	for _, s := range report.Summaries {
		if s.Err != nil {
			out.Errors = append(out.Errors, s.Err.Error())
			continue
		}
		out.Detail["findings:"+s.HuntID] = float64(s.Findings)
		// Per hunt, so that a hunt's own speed claims (in its SQL
		// comments) come from the bench's JSON.
		out.Detail["seconds:"+s.HuntID] = s.Duration.Seconds()
	}
	return out, nil
}

// rawCloudTrailShape is what the raw-JSON questions read of each record.
const rawCloudTrailShape = `{"eventTime":"VARCHAR","eventSource":"VARCHAR","eventName":"VARCHAR","awsRegion":"VARCHAR",
 "sourceIPAddress":"VARCHAR","userAgent":"VARCHAR","errorCode":"VARCHAR","errorMessage":"VARCHAR",
 "requestParameters":"JSON","responseElements":"JSON","eventID":"VARCHAR","recipientAccountId":"VARCHAR",
 "userIdentity":{"type":"VARCHAR","arn":"VARCHAR","userName":"VARCHAR","invokedBy":"VARCHAR"}}`

// rawHuntSQL asks one of rivalHunts' questions of the raw .json.gz files,
// the way a DuckDB user without lakehunt would: each question reads every
// file again.
func rawHuntSQL(id, glob string, from, to time.Time) string {
	ct := `WITH raw AS (
  SELECT unnest(json_transform(r, ` + quote(rawCloudTrailShape) + `))
  FROM (SELECT unnest(Records) AS r FROM read_json(` + quote(glob) + `, columns = {Records: 'JSON[]'}))
), ct AS (
  SELECT *, CAST(eventTime AS TIMESTAMP) AS ts,
    coalesce(userIdentity.arn, userIdentity.userName, userIdentity.invokedBy) AS actor
  FROM raw
  WHERE CAST(eventTime AS TIMESTAMP) >= TIMESTAMP ` + quote(from.UTC().Format(time.DateTime)) + `
    AND CAST(eventTime AS TIMESTAMP) < TIMESTAMP ` + quote(to.UTC().Format(time.DateTime)) + `
)`
	// One finding per actor and stretch of time, as the pack groups: a pause
	// over an hour ends a stretch; the burst hunts keep only the events in
	// an hour (or ten minutes) that reaches the threshold.
	stretches := func(events, key string) string {
		return `, paced AS (
  SELECT *, coalesce(ts - lag(ts) OVER (PARTITION BY ` + key + ` ORDER BY ts) > INTERVAL 1 HOUR, true) AS opens FROM ` + events + `
), stretches AS (
  SELECT *, count(*) FILTER (WHERE opens) OVER (PARTITION BY ` + key + ` ORDER BY ts) AS stretch FROM paced
)`
	}
	findings := map[string]string{
		"cloudtrail_logging_stopped": `, events AS (
  SELECT * FROM ct WHERE eventSource = 'cloudtrail.amazonaws.com' AND eventName = 'StopLogging'
)` + stretches("events", "recipientAccountId, actor") + `
SELECT min(ts), max(ts), recipientAccountId, actor, count(*), list(eventID)
FROM stretches GROUP BY recipientAccountId, actor, stretch`,
		"admin_policy_attached": `, events AS (
  SELECT * FROM ct WHERE eventSource = 'iam.amazonaws.com' AND eventName IN ('AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy')
    AND regexp_replace(requestParameters ->> 'policyArn', '^arn:aws[a-z-]*:', 'arn:aws:') IN
        ('arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/IAMFullAccess', 'arn:aws:iam::aws:policy/PowerUserAccess')
    AND errorCode IS NULL
)` + stretches("events", "recipientAccountId, actor") + `
SELECT min(ts), max(ts), recipientAccountId, actor, count(*), list(eventID)
FROM stretches GROUP BY recipientAccountId, actor, stretch`,
		"console_brute_force": `, logins AS (
  SELECT *, coalesce(userIdentity.userName, userIdentity.arn, 'unknown') AS user_name,
    count(*) FILTER (WHERE responseElements ->> 'ConsoleLogin' = 'Failure') OVER (
      PARTITION BY recipientAccountId, coalesce(userIdentity.userName, userIdentity.arn, 'unknown')
      ORDER BY ts RANGE BETWEEN INTERVAL 1 HOUR PRECEDING AND CURRENT ROW) AS failures
  FROM ct WHERE eventName = 'ConsoleLogin'
), hot AS (
  SELECT * FROM (SELECT *, bool_or(failures > 4) OVER (PARTITION BY recipientAccountId, user_name
      ORDER BY ts RANGE BETWEEN CURRENT ROW AND INTERVAL 1 HOUR FOLLOWING) AS in_burst FROM logins)
  WHERE in_burst
)` + stretches("hot", "recipientAccountId, user_name") + `
SELECT recipientAccountId, user_name, count(*), max(failures), list(eventID)
FROM stretches GROUP BY recipientAccountId, user_name, stretch HAVING max(failures) > 4`,
		"discovery_burst": `, spans AS (
  SELECT recipientAccountId, actor, time_bucket(INTERVAL 10 MINUTE, ts) AS ts
  FROM ct WHERE regexp_matches(eventName, '^(List|Describe|Get)')
    AND (regexp_matches(sourceIPAddress, '^[0-9.]+$') OR sourceIPAddress LIKE '%:%')
  GROUP BY ALL
  HAVING count(DISTINCT eventName) > 3 AND count(*) >= 20
)` + stretches("spans", "recipientAccountId, actor") + `
SELECT recipientAccountId, actor, stretch, count(*)
FROM stretches GROUP BY ALL`,
		"access_denied_burst": `, denied AS (
  SELECT *, count(*) OVER (PARTITION BY recipientAccountId, actor ORDER BY ts RANGE BETWEEN INTERVAL 1 HOUR PRECEDING AND CURRENT ROW) AS in_hour
  FROM ct WHERE (errorCode IN ('AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation', 'UnauthorizedOperation')
      OR errorMessage IN ('Access Denied', 'AccessDenied'))
    AND userIdentity.type IN ('IAMUser', 'AssumedRole', 'FederatedUser', 'Root')
    AND NOT ends_with(coalesce(userAgent, ''), '.amazonaws.com')
), hot AS (
  SELECT * FROM (SELECT *, bool_or(in_hour >= 5) OVER (PARTITION BY recipientAccountId, actor
      ORDER BY ts RANGE BETWEEN CURRENT ROW AND INTERVAL 1 HOUR FOLLOWING) AS in_burst FROM denied)
  WHERE in_burst
)` + stretches("hot", "recipientAccountId, actor") + `
SELECT recipientAccountId, actor, count(*), list(eventID)
FROM stretches GROUP BY recipientAccountId, actor, stretch`,
	}
	q, ok := findings[id]
	if !ok {
		panic("bench: no raw question for hunt " + id)
	}
	return ct + q
}

func runRivalHunts(ctx context.Context, j job) (outcome, error) {
	glob := filepath.Join(j.Raw, "AWSLogs", "*", "CloudTrail", "**", "*.json.gz")
	out := outcome{Detail: map[string]float64{"hunts": float64(len(rivalHunts))}}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return outcome{}, err
	}
	defer db.Close()
	for _, id := range rivalHunts {
		var n int64
		secs, err := timed(func() error {
			rows, err := rawDB{db}.Query(ctx, rawHuntSQL(id, glob, j.From, j.To))
			if err != nil {
				return err
			}
			n, err = drain(rows)
			return err
		})
		if err != nil {
			return outcome{}, fmt.Errorf("%s: %w", id, err)
		}
		out.Seconds += secs
		out.Rows += n
		out.Detail[id] = secs
		out.Detail["findings:"+id] = float64(n)
	}
	return out, nil
}

// runInvestigate profiles one entity over the job's window as `lakehunt
// investigate --no-findings` does: every panel but the findings one, which
// runs the whole hunting pack and so costs what scenario 3 measures.
func runInvestigate(ctx context.Context, j job) (outcome, error) {
	kind, err := investigate.ParseKind(j.EntityKind)
	if err != nil {
		return outcome{}, err
	}
	entity, err := investigate.NewEntity(kind, j.Entity)
	if err != nil {
		return outcome{}, err
	}
	var res *workflow.InvestigateResult
	secs, err := timed(func() (err error) {
		res, err = workflow.Investigate(ctx, workflow.InvestigateRequest{
			Lake: j.Lake, Engine: workflow.EngineSettings{Now: j.Now}, Entity: entity,
			Scope: investigate.Window{Start: j.From, End: j.To}, Baseline: 30 * 24 * time.Hour,
		})
		return err
	})
	if err != nil {
		return outcome{}, err
	}
	report := res.Report
	// Rows is what the entity did: its API calls and flow records.
	return outcome{Seconds: secs, Rows: report.Overview.APIEvents + report.Overview.FlowRecords, Detail: map[string]float64{
		"api_events": float64(report.Overview.APIEvents), "flow_records": float64(report.Overview.FlowRecords),
	}}, nil
}
