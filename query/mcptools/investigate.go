package mcptools

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/lakehunt/lakehunt/engine/timeflag"
	"github.com/lakehunt/lakehunt/query/investigate"
	"github.com/lakehunt/lakehunt/query/workflow"
)

// InvestigateInput is the investigate tool's input.
type InvestigateInput struct {
	Kind  string `json:"kind" jsonschema:"the kind of entity: ip (an IPv4 or IPv6 address: API calls from it, flows from or to it), principal (an ARN, ROLE/SESSION of an assumed role, or a user, role or session name), access-key (AKIA... or ASIA...), instance (i-... or eni-...), account (a 12-digit AWS account id)"`
	Value string `json:"value" jsonschema:"the entity's value, for example 203.0.113.77, arn:aws:iam::111122223333:user/alice, ops-admin/pivot, AKIAEXAMPLEALICE0001, i-0123456789abcdef0, 111122223333"`
	Window
	Baseline     string `json:"baseline,omitempty" jsonschema:"length of the window before from that newly observed values (IPs, user agents, operations, regions) are compared with: a duration such as 30d or 2w"`
	SkipFindings bool   `json:"skip_findings,omitempty" jsonschema:"do not run the hunting pack for the findings that involve the entity (faster)"`
}

var investigateEnums = map[string]property{
	"kind":     {enum: kinds()},
	"baseline": {def: defaultBaseline},
}

const defaultBaseline = "30d"

func kinds() []any {
	var out []any
	for _, k := range investigate.Kinds {
		out = append(out, string(k))
	}
	return out
}

var investigateTool = &mcp.Tool{
	Name:        "investigate",
	Title:       "Investigate an entity",
	Description: `Profile one IP, principal, access key, instance or account the way Amazon Detective does, and return the report as JSON: overview (first and last seen, events, error rate, accounts, regions), API calls over time (succeeded and failed), calls by service and operation, failures by error code, related entities (source IPs, user agents, principals, access keys, role sessions, resources, regions, accounts) with counts and first and last seen, what is newly observed against the baseline, console logins, for an ip or an instance its VPC flows (peers, ports, rejected), and the hunting pack's findings that involve the entity. Without from and to the window is the whole UTC days from the entity's first to its last appearance in the lake; with from only, to is now. Entities come from incidents (principals, access_keys, src_ips, instances, accounts) and from query results.`,
}

func (t tools) investigate(ctx context.Context, in InvestigateInput) (*mcp.CallToolResult, error) {
	kind, err := investigate.ParseKind(in.Kind)
	if err != nil {
		return nil, err
	}
	entity, err := investigate.NewEntity(kind, in.Value)
	if err != nil {
		return nil, err
	}
	now := t.anchor()
	from, to, err := in.parse(now)
	if err != nil {
		return nil, err
	}
	var scope investigate.Window
	switch {
	case from.IsZero() && !to.IsZero():
		return nil, errors.New("to needs from: give both, from alone, or neither for the entity's own days in the lake")
	case !from.IsZero():
		if to.IsZero() {
			to = now
		}
		if !from.Before(to) {
			return nil, fmt.Errorf("empty window: from %s is not before now, %s", from.Format(time.RFC3339), to.Format(time.RFC3339))
		}
		scope = investigate.Window{Start: from, End: to}
	}
	baseline, err := timeflag.ParseDuration(orDefault(in.Baseline, defaultBaseline))
	if err != nil || baseline < 0 {
		return nil, fmt.Errorf("baseline: want a duration such as 30d or 2w, got %q", in.Baseline)
	}
	res, err := workflow.Investigate(ctx, workflow.InvestigateRequest{
		Lake: t.opt.Lake, Engine: workflow.EngineSettings{Now: now}, Entity: entity, Scope: scope, Baseline: baseline,
		Findings: !in.SkipFindings,
	})
	if err != nil {
		return nil, err
	}
	var out strings.Builder
	if err := investigate.WriteJSON(&out, res.Report); err != nil {
		return nil, err
	}
	return text(out.String()), nil
}
