package investigate

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/query/incident"
	"github.com/lakehunt/lakehunt/query/output"
	"github.com/lakehunt/lakehunt/query/svgchart"
)

//go:embed report.html.tmpl
var reportTemplateText string

// reportTemplate escapes every value by its context: text chosen by
// whoever made an API call (user agents, names, error messages) is data,
// never markup. The page loads nothing and runs no script; its
// Content-Security-Policy forbids both.
var reportTemplate = svgchart.Define(template.Must(template.New("report").Funcs(template.FuncMap{
	"ftime":    formatTime,
	"ftimep":   formatTimePtr,
	"fdur":     formatDuration,
	"fbytes":   output.FormatBytes,
	"percent":  formatPercent,
	"optint":   formatOptInt,
	"protocol": protocolName,
	"mfa":      mfaText,
	"join":     func(v []string) string { return strings.Join(v, ", ") },
	"via":      viaHTML,
	"reverse": func(v []incident.Link) []incident.Link {
		out := slices.Clone(v)
		slices.Reverse(out)
		return out
	},
}).Parse(reportTemplateText)))

// htmlReport is what the template draws: the report plus its charts.
type htmlReport struct {
	R                            *Report
	ScopeLength, BaselineLength  time.Duration
	BucketLength                 time.Duration
	NewCount                     int
	APITimeline, OperationsChart *svgChart
	FlowTimeline, PeersChart     *svgChart
	Related                      []namedRelated
	NewlyObserved                []namedNewValues
	// Incidents is incident.WriteHTML's fragment: their summaries and
	// timelines, drawn as 'lakehunt incidents' draws them.
	Incidents template.HTML
	// Via says whether calls went through sessions the entity created:
	// the tables then have a column for the roles.
	Via bool
}

type namedRelated struct {
	Name string
	List RelatedList
}

type namedNewValues struct {
	Name   string
	Values []NewValue
}

// chartRows caps the rows of a bar chart; the table below it has them all.
const chartRows = 15

// WriteHTML writes the report as one self-contained HTML page with inline
// CSS and SVG charts.
func WriteHTML(w io.Writer, r *Report) error {
	v := htmlReport{
		R:              r,
		ScopeLength:    r.Scope.End.Sub(r.Scope.Start),
		BaselineLength: r.Baseline.End.Sub(r.Baseline.Start),
		BucketLength:   time.Duration(r.BucketSeconds) * time.Second,
		Via:            r.IdentityChain != nil && r.IdentityChain.CreatedTotal > 0,
	}
	if r.Incidents != nil {
		var fragment bytes.Buffer
		if err := incident.WriteHTML(&fragment, r.Incidents); err != nil {
			return fmt.Errorf("cannot write HTML report: %w", err)
		}
		// html/template escaped every value of the fragment.
		v.Incidents = template.HTML(fragment.String())
	}
	api := make([]stackedBucket, len(r.APITimeline))
	for i, b := range r.APITimeline {
		api[i] = stackedBucket{Start: b.Start, First: b.Succeeded, Second: b.Failed}
	}
	v.APITimeline = timelineChart("API calls over time, succeeded and failed, the entity's own and through its sessions", api, [2]string{"succeeded", "failed"}, [2]string{"good", "bad"}, formatCount)
	var ops []hbarItem
	for _, op := range r.Operations[:min(len(r.Operations), chartRows)] {
		label := op.Operation + " (" + op.Service + ")"
		if op.Via != "" {
			label += " via " + roleNames(op.Via)
		}
		ops = append(ops, hbarItem{Label: label, Value: op.Calls, Part: op.Failed})
	}
	v.OperationsChart = hbarChart("API calls by operation", ops, "failed", formatCount)

	rel := r.Related
	for _, l := range []namedRelated{
		{"Source IPs", rel.SourceIPs}, {"User agents", rel.UserAgents}, {"Principals", rel.Principals},
		{"Access keys", rel.AccessKeys}, {"Role sessions", rel.RoleSessions}, {"Resources", rel.Resources},
		{"Regions", rel.Regions}, {"Accounts", rel.Accounts},
	} {
		if len(l.List.Values) > 0 {
			v.Related = append(v.Related, l)
		}
	}
	n := r.NewlyObserved
	v.NewlyObserved = []namedNewValues{{"Source IPs", n.SourceIPs}, {"User agents", n.UserAgents}, {"Operations", n.Operations}, {"Regions", n.Regions}}
	if r.Flows != nil {
		v.NewlyObserved = append(v.NewlyObserved, namedNewValues{"Flow peers", n.FlowPeers})
	}
	for _, l := range v.NewlyObserved {
		v.NewCount += len(l.Values)
	}

	if f := r.Flows; f != nil {
		flows := make([]stackedBucket, len(f.Timeline))
		for i, b := range f.Timeline {
			flows[i] = stackedBucket{Start: b.Start, First: b.BytesIn, Second: b.BytesOut}
		}
		v.FlowTimeline = timelineChart("Flow bytes over time, in and out", flows, [2]string{"bytes in", "bytes out"}, [2]string{"in", "out"}, output.FormatBytes)
		var peers []hbarItem
		for _, p := range f.Peers[:min(len(f.Peers), chartRows)] {
			peers = append(peers, hbarItem{Label: p.IP, Value: p.BytesIn + p.BytesOut})
		}
		v.PeersChart = hbarChart("Bytes exchanged with the top peers", peers, "", output.FormatBytes)
	}
	if err := reportTemplate.Execute(w, v); err != nil {
		return fmt.Errorf("cannot write HTML report: %w", err)
	}
	return nil
}

// viaHTML names the roles a call went through ("" for the entity's own);
// the cell's title holds their ARNs.
func viaHTML(via string) string {
	return strings.ReplaceAll(roleNames(via), " > ", " → ")
}
