package mcptools

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/lakehunt/lakehunt/engine/timeflag"
	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/huntrun"
	"github.com/lakehunt/lakehunt/query/incident"
	"github.com/lakehunt/lakehunt/query/output"
	"github.com/lakehunt/lakehunt/query/workflow"
)

const windowHelp = "The window is [from, to): to defaults to now (as lake_info gives it), from to a week before to; hunts that compare with a baseline also read the days before from."

var severities = []any{"info", "low", "medium", "high", "critical"}

// HuntRunInput is the hunt_run tool's input.
type HuntRunInput struct {
	IDs         []string          `json:"ids,omitempty" jsonschema:"hunt ids to run, as findings name them in hunt_id (for example cloudtrail_logging_stopped, vpc_port_scan_vertical); none runs every hunt of the pack, narrowed by tags, min_severity and source"`
	Tags        []string          `json:"tags,omitempty" jsonschema:"run the hunts carrying any of these tags (for example persistence, exfiltration, vpc)"`
	MinSeverity string            `json:"min_severity,omitempty" jsonschema:"run only hunts at least this severe"`
	Source      string            `json:"source,omitempty" jsonschema:"run only hunts reading this log source"`
	Params      map[string]string `json:"params,omitempty" jsonschema:"hunt parameters: name to value for every hunt that declares it, hunt_id.name to value for one hunt (for example min_ports: 5)"`
	Window
}

var huntRunEnums = map[string]property{
	"min_severity": {enum: severities},
	"source":       {enum: []any{string(hunt.SourceCloudTrail), string(hunt.SourceVPCFlow)}},
}

var huntRunTool = &mcp.Tool{
	Name:        "hunt_run",
	Title:       "Run hunts",
	Description: "Run hunts of lakehunt's pack (SQL detections over CloudTrail and VPC Flow, mapped to MITRE ATT&CK) over a window and return their findings as JSON: the window, each finding (hunt_id, severity, first_time, last_time, account, region, actor, src_ip, summary, event_count, evidence_uids, incident_id) and a summary per hunt (findings, duration, error). " + windowHelp + " To triage, incidents groups the same findings by actor; this tool lists them hunt by hunt.",
}

func (t tools) huntRun(ctx context.Context, in HuntRunInput) (*mcp.CallToolResult, error) {
	req, err := t.huntRequest(in.Window)
	if err != nil {
		return nil, err
	}
	req.IDs, req.Params = in.IDs, in.Params
	req.Filter.Tags = in.Tags
	if in.MinSeverity != "" {
		if req.Filter.MinSeverity, err = hunt.ParseSeverity(in.MinSeverity); err != nil {
			return nil, fmt.Errorf("min_severity: %w", err)
		}
	}
	if in.Source != "" {
		if req.Filter.Source, err = hunt.ParseSource(in.Source); err != nil {
			return nil, fmt.Errorf("source: %w", err)
		}
	}
	req.Incidents = &incident.Options{}
	res, err := workflow.RunHunts(ctx, req)
	if err != nil {
		return nil, err
	}
	var out strings.Builder
	if err := hunt.WriteReport(&out, output.JSON, res.Report, 0); err != nil {
		return nil, err
	}
	return text(out.String(), runNote(res, len(res.Report.Findings), "findings")), nil
}

// IncidentsInput is the incidents tool's input.
type IncidentsInput struct {
	Window
	MinSeverity string `json:"min_severity,omitempty" jsonschema:"return only incidents at least this severe"`
	Gap         string `json:"gap,omitempty" jsonschema:"how far apart in time two findings that share an entity may be and still be one incident: a duration such as 2h or 1d"`
}

var incidentsEnums = map[string]property{
	"min_severity": {enum: severities},
	"gap":          {def: incident.DefaultGap.String()},
}

var incidentsTool = &mcp.Tool{
	Name:        "incidents",
	Title:       "Find incidents",
	Description: "Run the whole hunting pack over a window and group its findings into incidents: findings that share an origin principal (a role session counts as the user or role behind it, up its chain of AssumeRole calls), an access key, an instance, a resource, or an address, near in time. Returns a JSON array of incidents, each with incident_id, title, severity, first_time, last_time, a one-paragraph summary to paste into a ticket, its ATT&CK tactics, its entities (principals, access_keys, src_ips, instances, accounts: values the investigate tool takes), the AssumeRole calls that link them and its findings. " + windowHelp,
}

func (t tools) incidents(ctx context.Context, in IncidentsInput) (*mcp.CallToolResult, error) {
	req, err := t.huntRequest(in.Window)
	if err != nil {
		return nil, err
	}
	var min hunt.Severity
	if in.MinSeverity != "" {
		if min, err = hunt.ParseSeverity(in.MinSeverity); err != nil {
			return nil, fmt.Errorf("min_severity: %w", err)
		}
	}
	req.Incidents = &incident.Options{}
	if in.Gap != "" {
		gap, err := timeflag.ParseDuration(in.Gap)
		if err != nil || gap <= 0 {
			return nil, fmt.Errorf("gap: want a positive duration such as 2h or 1d, got %q", in.Gap)
		}
		req.Incidents.Gap = gap
	}
	res, err := workflow.RunHunts(ctx, req)
	if err != nil {
		return nil, err
	}
	incidents := slices.DeleteFunc(res.Incidents, func(inc incident.Incident) bool { return inc.Severity < min })
	var out strings.Builder
	if err := incident.WriteJSON(&out, incidents); err != nil {
		return nil, err
	}
	return text(out.String(), runNote(res, len(incidents), "incidents")), nil
}

// huntRequest is a run of the pack over the window, with hunts and the
// grouping anchored at the tools' now.
func (t tools) huntRequest(w Window) (workflow.HuntRequest, error) {
	now := t.anchor()
	from, to, err := w.huntWindow(now)
	if err != nil {
		return workflow.HuntRequest{}, err
	}
	return workflow.HuntRequest{Lake: t.opt.Lake, Engine: workflow.EngineSettings{Now: now}, Window: hunt.Window{Start: from, End: to}, Parallel: 2}, nil
}

// runNote says what a run covered, so that an empty answer reads as
// "nothing found in this window" rather than as a failure, and names the
// hunts that failed.
func runNote(res *huntrun.Result, n int, what string) string {
	r := res.Report
	note := fmt.Sprintf("%d %s in [%s, %s); %d hunts ran", n, what, r.Window.Start.UTC().Format(time.RFC3339), r.Window.End.UTC().Format(time.RFC3339), len(r.Summaries))
	if skipped := r.Skipped(); skipped > 0 {
		note += fmt.Sprintf(", %d skipped for want of a baseline", skipped)
	}
	var failed []string
	for _, s := range r.Summaries {
		if s.Err != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", s.HuntID, s.Err))
		}
	}
	if len(failed) > 0 {
		note += fmt.Sprintf(", %d failed:\n%s", len(failed), strings.Join(failed, "\n"))
	}
	return note + "."
}
