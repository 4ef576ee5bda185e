package investigate

import (
	"context"
	"encoding/json"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/lakehunt/lakehunt/engine/result"
	"github.com/lakehunt/lakehunt/engine/sqltext"
	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/huntrun"
	"github.com/lakehunt/lakehunt/query/incident"
)

// huntParallelism is how many hunts run at once; DuckDB already spreads
// each query over the cores.
const huntParallelism = 2

// runHunts runs the hunts that can name the entity over the scope window
// and groups their findings into incidents, as 'lakehunt incidents' would.
func (inv *Investigation) runHunts(ctx context.Context) (*huntrun.Result, error) {
	opt := inv.opt
	hunts := opt.Hunts
	if opt.Entity.Kind == KindPrincipal || opt.Entity.Kind == KindAccessKey {
		// Flow hunts cannot name a principal or an access key.
		hunts = nil
		for _, h := range opt.Hunts {
			if h.Source != hunt.SourceVPCFlow {
				hunts = append(hunts, h)
			}
		}
	}
	res, err := huntrun.Run(ctx, opt.engineOptions(), hunts, hunt.RunOptions{
		Window:   hunt.Window{Start: opt.Scope.Start, End: opt.Scope.End},
		Now:      opt.Now,
		Parallel: huntParallelism,
	}, &incident.Options{})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// keepFindings runs the hunts and keeps in the report the findings and
// incidents that involve the entity. It returns the memory of the others
// before the panels run: over the medium bench's month the CloudTrail
// hunts found 32,528 findings, which Go held beside the panels' engine
// ('investigate principal' at --memory-limit 1GB peaked at 1.22 GiB with
// them, at the end of its panels, and at 1.13 GiB without them; 2-core
// Intel Xeon).
func (inv *Investigation) keepFindings(ctx context.Context, r *Report) error {
	run, err := inv.runHunts(ctx)
	if err != nil {
		return err
	}
	f, err := inv.findings(ctx, run.Report)
	if err != nil {
		return err
	}
	r.Findings = f
	r.Incidents = involving(inv.opt.Entity, run.Incidents, f)
	debug.FreeOSMemory()
	return nil
}

// findings keeps the findings of the run that involve the entity: those
// whose actor or source IP is the value, or whose account is the
// investigated account, and those with an evidence event that is one of
// the entity's own.
func (inv *Investigation) findings(ctx context.Context, run *hunt.Report) (*Findings, error) {
	opt := inv.opt
	out := &Findings{HuntsRun: len(run.Summaries), HuntErrors: []string{}, Findings: []Finding{}}
	for _, s := range run.Summaries {
		if s.Err != nil {
			out.HuntErrors = append(out.HuntErrors, s.Err.Error())
		}
	}
	matchedBy := make([]string, len(run.Findings))
	var evidence []string
	for i, f := range run.Findings {
		if matchedBy[i] = directMatch(opt.Entity, f); matchedBy[i] == "" {
			evidence = append(evidence, f.EvidenceUIDs...)
		}
	}
	ours, err := inv.entityEvents(ctx, evidence)
	if err != nil {
		return nil, err
	}
	for i, f := range run.Findings {
		if matchedBy[i] == "" {
			for _, uid := range f.EvidenceUIDs {
				if ours[uid] {
					matchedBy[i] = "evidence"
					break
				}
			}
		}
		if matchedBy[i] == "" {
			continue
		}
		out.Findings = append(out.Findings, Finding{
			HuntID: f.HuntID, Title: f.Title, Severity: f.Severity.String(),
			FirstTime: f.FirstTime.UTC(), LastTime: f.LastTime.UTC(),
			Actor: f.Actor, SrcIP: f.SrcIP, Summary: f.Summary, EventCount: f.EventCount,
			MatchedBy: matchedBy[i], IncidentID: f.IncidentID,
		})
	}
	return out, nil
}

// directMatch tells how a finding names the entity itself, if it does.
func directMatch(e Entity, f hunt.Finding) string {
	switch {
	case f.Actor == e.Value:
		return "actor"
	case e.Kind == KindIP && f.SrcIP == e.Value:
		return "src_ip"
	case e.Kind == KindAccount && f.Account == e.Value:
		return "account"
	}
	return ""
}

// entityEvents returns which of the given CloudTrail event ids are the
// entity's events in the scope window.
func (inv *Investigation) entityEvents(ctx context.Context, uids []string) (map[string]bool, error) {
	ours := map[string]bool{}
	if len(uids) == 0 {
		return ours, nil
	}
	list, err := json.Marshal(uids)
	if err != nil {
		return nil, err
	}
	params := inv.opt.params()
	params["uids"] = sqltext.Text(string(list))
	st := Statement{Panel: "finding_evidence", Title: "Hunt evidence of the entity", Text: fill(findingEvidenceSQL, inv.opt.Entity), params: params}
	err = runStatement(ctx, inv.engine, st, func(rows *result.Rows) error {
		return each(rows, func() error {
			var uid string
			if err := rows.Scan(&uid); err != nil {
				return err
			}
			ours[uid] = true
			return nil
		})
	})
	return ours, err
}

// involving keeps the incidents the entity is part of: those holding one
// of its findings, and those whose entities name it (a user is the origin
// principal of the sessions an incident's findings were made with, an
// access key or an address is among the incident's).
func involving(e Entity, incidents []incident.Incident, f *Findings) []incident.Incident {
	ours := map[string]bool{}
	for _, x := range f.Findings {
		ours[x.IncidentID] = true
	}
	out := []incident.Incident{}
	for _, inc := range incidents {
		if ours[inc.ID] || incidentNames(e, inc) {
			out = append(out, inc)
		}
	}
	return out
}

// incidentNames tells whether the incident's entities name the entity, as
// apiPredicate would match it.
func incidentNames(e Entity, inc incident.Incident) bool {
	switch e.Kind {
	case KindIP:
		return slices.Contains(inc.SrcIPs, e.Value)
	case KindAccessKey:
		return slices.Contains(inc.AccessKeys, e.Value)
	case KindAccount:
		return slices.Contains(inc.Accounts, e.Value)
	case KindInstance:
		return slices.Contains(inc.Instances, e.Value)
	}
	for _, arn := range slices.Concat(inc.Principals, inc.Sessions) {
		if principalNames(e, arn) {
			return true
		}
	}
	return false
}

// principalNames tells whether a principal's or a session's ARN is the
// principal entity, as apiPredicate matches a caller's ARN.
func principalNames(e Entity, arn string) bool {
	switch e.Form {
	case FormARN:
		return arn == e.Value || isSessionOf(arn, e.Value)
	case FormRoleSession:
		return strings.HasSuffix(arn, ":assumed-role/"+e.Value)
	case FormName:
		user := strings.Contains(arn, ":user/") && strings.HasSuffix(arn, "/"+e.Value)
		role := strings.Contains(arn, ":assumed-role/"+e.Value+"/")
		session := strings.Contains(arn, ":assumed-role/") && strings.HasSuffix(arn, "/"+e.Value)
		return user || role || session
	}
	return false
}

// isSessionOf tells whether a session ARN is a session of the role ARN:
// arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION of
// arn:aws:iam::ACCOUNT:role/PATH/NAME (the session's ARN drops the path).
func isSessionOf(session, role string) bool {
	prefix, rolePath, ok := strings.Cut(role, ":role/")
	partition, account, ok2 := strings.Cut(prefix, ":iam::")
	if !ok || !ok2 {
		return false
	}
	name := rolePath[strings.LastIndex(rolePath, "/")+1:]
	return strings.HasPrefix(session, partition+":sts::"+account+":assumed-role/"+name+"/")
}
