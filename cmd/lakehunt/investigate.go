package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/engine/timeflag"
	"github.com/lakehunt/lakehunt/query/investigate"
	"github.com/lakehunt/lakehunt/query/output"
	"github.com/lakehunt/lakehunt/query/workflow"
)

// InvestigateOptions are the arguments and flags of 'investigate'.
type InvestigateOptions struct {
	Factory *Factory

	Kind, Value string
	Baseline    string
	Format      string
	Output      string
	RawCSV      string
	ShowSQL     bool
	GeoIP       string
	NoFindings  bool
	HuntDirs    []string
	Engine      *EngineFlags
}

const defaultBaseline = "30d"

// newCmdInvestigate builds 'investigate'; runF, when set, gets the parsed
// options instead of running the investigation (for tests of the flags).
func newCmdInvestigate(f *Factory, runF func(*InvestigateOptions) error) *cobra.Command {
	opts := &InvestigateOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "investigate KIND VALUE",
		Short: "Profile one IP, principal, access key, instance or account over a time window",
		Long: `Investigate one entity the way Amazon Detective profiles it, from the local
lake, what matters first: the incidents it is part of (the hunting pack runs
over the scope and its findings are grouped into incidents; --no-findings
skips it), its identity chain (for a principal or an access key: who is really
behind a session or a temporary key, up its chain of AssumeRole calls, and the
sessions it created), and what is newly observed compared with the --baseline
window before the scope. Then the detail: an overview (first and last seen,
events, error rate, accounts and regions), API calls over time split into
succeeded and failed, calls by service and operation, failures by error code,
related entities (source IPs, user agents, principals, access keys, role
sessions, resources, regions, accounts) with counts and first and last seen,
console logins, for an ip or an instance its VPC flows (volume in and out over
time, top peers, top ports, rejected flows; for an instance or an interface the
interfaces and instances its flows name, each in turn), and the findings that
involve it.

What the sessions a principal or an access key created did is part of what it
did: those calls are in its panels, marked with the roles they went through
(the VIA ROLE column). On a terminal, long panels show their top rows and
count the rest; json and html keep every row.

KIND is ip, principal, access-key, instance or account.

The scope is [--from, --to) (--to defaults to --now), or --last before --now.
With none of them, it is the whole UTC days from the entity's first to its
last appearance in the lake.

` + investigate.MatchingHelp + `

Output: --format text (default; for a terminal), json (every panel as data,
stable field names) or html (one self-contained page with SVG charts and no
script, for a case file), to stdout or -o FILE (the format defaults to the
file's extension). --raw-csv FILE also writes the entity's raw events in the
scope, CloudTrail events and flows together in one CSV sorted by time: key
columns (time, source, account, region, class, service, operation, status,
error, actor, access key, user agent, source and destination address and
port, protocol, direction, action, packets, bytes, event uid) and the whole
OCSF record as JSON in the last column, record. Cells that a spreadsheet would
run as a formula are prefixed with a quote.

--show-sql prints each panel's SQL instead of running it, with the entity and
the window written in as literals, ready for 'lakehunt query'.`,
		Example: `  lakehunt investigate access-key AKIAEXAMPLEALICE0001 --from 2024-03-05 --to 2024-03-06
  lakehunt investigate ip 203.0.113.77 --format html -o case-203.0.113.77.html
  lakehunt investigate principal alice --last 7d --raw-csv alice.csv
  lakehunt investigate principal ops-admin/pivot --format json
  lakehunt investigate instance i-0123456789abcdef0 --geoip GeoLite2-City.mmdb
  lakehunt investigate account 111122223333 --last 24h --show-sql`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usageErrorf("want KIND and VALUE, got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Kind, opts.Value = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return runInvestigate(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Baseline, "baseline", defaultBaseline, "length of the window before the scope that 'newly observed' compares with")
	fl.StringVar(&opts.Format, "format", "", "report format: text, json or html (default from -o's extension, else text)")
	fl.StringVarP(&opts.Output, "output", "o", "", "write the report to this file instead of stdout")
	fl.StringVar(&opts.RawCSV, "raw-csv", "", "also write the entity's raw events in the scope to this CSV file")
	fl.BoolVar(&opts.ShowSQL, "show-sql", false, "print the SQL of each panel instead of running it")
	fl.StringVar(&opts.GeoIP, "geoip", "", "MaxMind .mmdb file (GeoLite2/GeoIP2 Country or City) to locate IP addresses")
	fl.BoolVar(&opts.NoFindings, "no-findings", false, "do not run the hunting pack")
	fl.StringArrayVar(&opts.HuntDirs, "hunts", nil, "directory of extra or overriding hunt files (repeatable)")
	opts.Engine = addEngineFlags(fl)
	return cmd
}

// request turns the arguments and flags into the workflow's request;
// relative times count from --now, else from clock.
func (o *InvestigateOptions) request(clock time.Time) (workflow.InvestigateRequest, error) {
	kind, err := investigate.ParseKind(o.Kind)
	if err != nil {
		return workflow.InvestigateRequest{}, usageErrorf("%v", err)
	}
	entity, err := investigate.NewEntity(kind, o.Value)
	if err != nil {
		return workflow.InvestigateRequest{}, usageErrorf("%v", err)
	}
	ew, err := o.Engine.resolve(clock)
	if err != nil {
		return workflow.InvestigateRequest{}, err
	}
	scope, err := investigationScope(ew)
	if err != nil {
		return workflow.InvestigateRequest{}, err
	}
	baseline, err := timeflag.ParseDuration(o.Baseline)
	if err != nil || baseline < 0 {
		return workflow.InvestigateRequest{}, usageErrorf("--baseline: want a duration such as 30d or 2w, got %q", o.Baseline)
	}
	// The panels and the hunts take --now, else the clock, as now.
	ew.Settings.Now = ew.Now
	return workflow.InvestigateRequest{
		Lake: o.Factory.Lake, Engine: ew.Settings, Entity: entity, Scope: scope, Baseline: baseline,
		Findings: !o.NoFindings, HuntDirs: o.HuntDirs, GeoIP: o.GeoIP, RawCSV: o.RawCSV,
	}, nil
}

func runInvestigate(ctx context.Context, opts *InvestigateOptions) error {
	f := opts.Factory
	format, err := output.ParseFormat(opts.Format, opts.Output, investigate.Formats...)
	if err != nil {
		return usageErrorf("--format: %v", err)
	}
	req, err := opts.request(time.Now())
	if err != nil {
		return err
	}
	if opts.ShowSQL {
		return workflow.InvestigationSQL(ctx, req, f.Out)
	}
	if f.StderrIsTerminal() {
		req.BeforeHunts = func(n int) {
			// The pack reads the whole scope and its baselines once per
			// hunt: on a large lake it takes most of the time.
			fmt.Fprintf(f.Err, "running %d hunts for the incidents and findings (--no-findings skips them)...\n", n)
		}
	}
	res, err := workflow.Investigate(ctx, req)
	if err != nil {
		return err
	}
	if err := writeInvestigation(f, opts.Output, format, res.Report); err != nil {
		return err
	}
	if res.RawCSV != "" {
		fmt.Fprintf(f.Err, "wrote %d raw events to %s\n", res.RawEvents, res.RawCSV)
	}
	return nil
}

// investigationScope defaults the window of the engine flags. No window
// flag at all leaves the scope zero: the entity's own days in the lake.
func investigationScope(ew engineWindow) (investigate.Window, error) {
	from, to := ew.From, ew.To
	if from.IsZero() && to.IsZero() {
		return investigate.Window{}, nil
	}
	if from.IsZero() {
		return investigate.Window{}, usageErrorf("--to needs --from")
	}
	if to.IsZero() {
		to = ew.Now
	}
	if !from.Before(to) {
		return investigate.Window{}, usageErrorf("empty window: %s is not before %s", from.Format(time.RFC3339), to.Format(time.RFC3339))
	}
	return investigate.Window{Start: from, End: to}, nil
}

func writeInvestigation(f *Factory, path string, format output.Format, r *investigate.Report) error {
	if path == "" {
		return investigate.Write(f.Out, r, format)
	}
	return output.WriteFile(path, func(file *os.File) error { return investigate.Write(file, r, format) })
}
