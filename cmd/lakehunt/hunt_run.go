package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/engine/timeflag"
	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/incident"
	"github.com/lakehunt/lakehunt/query/output"
	"github.com/lakehunt/lakehunt/query/workflow"
)

// HuntRunOptions are the arguments and flags of 'hunt run'.
type HuntRunOptions struct {
	Factory *Factory

	IDs      []string
	All      bool
	Tags     []string
	Severity string
	Source   string
	Params   []string
	Dirs     []string
	Format   string
	Output   string
	FailOn   string
	Parallel int
	Engine   *EngineFlags
	// NoIncidents leaves the findings ungrouped; Gap is how far apart two
	// findings sharing an entity may be and still be one incident.
	NoIncidents bool
	Gap         string
}

// defaultHuntWindow is the window when none is given: a week, the span
// most published hunting queries look back over.
const defaultHuntWindow = "7d"

// newCmdHuntRun builds 'hunt run'; runF, when set, gets the parsed options
// instead of running the hunts (for tests of the flags).
func newCmdHuntRun(f *Factory, runF func(*HuntRunOptions) error) *cobra.Command {
	opts := &HuntRunOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "run ID...|--all",
		Short: "Run hunts over a time window and print their findings",
		Long: `Run the named hunts, or every hunt with --all (narrowed by --tag, --severity
and --source), over the window [--from, --to) or the --last duration before
--now (default: the last ` + defaultHuntWindow + `; --to defaults to --now). Hunts that
compare with a baseline also read the days before the window.

The findings are grouped into incidents (findings that share an origin
principal, access key, session chain, instance, resource or address and are
near in time): on a terminal the incidents come first, each with its findings
beneath; json and jsonl findings carry their incident_id. --no-incidents skips
the grouping.

Findings go to stdout or -o FILE; a summary of each hunt that found something
or failed goes to stderr. The exit status is 1 if a hunt failed, 4 if a
finding is at least as severe as --fail-on, else 0.`,
		Example: `  lakehunt hunt run --all --last 24h
  lakehunt hunt run cloudtrail_logging_stopped admin_policy_attached --from 2024-03-01 --to 2024-03-08
  lakehunt hunt run --all --tag vpc --param min_ports=5 --format csv -o findings.csv
  lakehunt hunt run --all --fail-on high --format jsonl > findings.jsonl`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.IDs = args
			if len(args) == 0 && !opts.All {
				return usageErrorf("name the hunts to run, or give --all (see 'lakehunt hunt list')")
			}
			if len(args) > 0 && opts.All {
				return usageErrorf("give hunt ids or --all, not both")
			}
			if runF != nil {
				return runF(opts)
			}
			return runHunts(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&opts.All, "all", false, "run every hunt (narrowed by --tag, --severity, --source)")
	fl.StringArrayVar(&opts.Tags, "tag", nil, "only hunts with this tag (repeatable: any of them)")
	fl.StringVar(&opts.Severity, "severity", "", "only hunts at least this severe: info, low, medium, high, critical")
	fl.StringVar(&opts.Source, "source", "", "only hunts reading this source: cloudtrail or vpcflow")
	fl.StringArrayVar(&opts.Params, "param", nil, "set a hunt parameter: name=value, or hunt_id.name=value for one hunt (repeatable)")
	fl.StringArrayVar(&opts.Dirs, "hunts", nil, "directory of extra or overriding hunt files (repeatable)")
	fl.StringVar(&opts.Format, "format", "", "output format: table, csv, jsonl or json (default from -o's extension, else table)")
	fl.StringVarP(&opts.Output, "output", "o", "", "write findings to this file instead of stdout")
	fl.StringVar(&opts.FailOn, "fail-on", "", "exit with status 4 if a finding is at least this severe")
	fl.IntVar(&opts.Parallel, "parallel", 2, "hunts run at the same time (those reading VPC Flow one at a time)")
	fl.BoolVar(&opts.NoIncidents, "no-incidents", false, "do not group the findings into incidents")
	addGapFlag(fl, &opts.Gap)
	opts.Engine = addEngineFlags(fl)
	return cmd
}

// request turns the flags into the workflow's request; relative times
// count from --now, else from clock.
func (o *HuntRunOptions) request(clock time.Time) (workflow.HuntRequest, error) {
	params, err := parseHuntParams(o.Params)
	if err != nil {
		return workflow.HuntRequest{}, err
	}
	filter, err := huntFilter(o.Tags, o.Severity, o.Source)
	if err != nil {
		return workflow.HuntRequest{}, err
	}
	ew, err := o.Engine.resolve(clock)
	if err != nil {
		return workflow.HuntRequest{}, err
	}
	window, err := huntWindow(ew)
	if err != nil {
		return workflow.HuntRequest{}, err
	}
	// The hunts and their SQL take --now, else the clock, as now.
	ew.Settings.Now = ew.Now
	req := workflow.HuntRequest{
		Lake: o.Factory.Lake, Engine: ew.Settings, Window: window,
		IDs: o.IDs, Filter: filter, HuntDirs: o.Dirs, Params: params, Parallel: o.Parallel,
	}
	if !o.NoIncidents {
		if req.Incidents, err = incidentOptions(o.Gap); err != nil {
			return workflow.HuntRequest{}, err
		}
	}
	return req, nil
}

func runHunts(ctx context.Context, opts *HuntRunOptions) error {
	f := opts.Factory
	format, err := output.ParseFormat(opts.Format, opts.Output, hunt.Formats...)
	if err != nil {
		return usageErrorf("--format: %v", err)
	}
	var failOn hunt.Severity
	if opts.FailOn != "" {
		if failOn, err = hunt.ParseSeverity(opts.FailOn); err != nil {
			return usageErrorf("--fail-on: %v", err)
		}
	}
	req, err := opts.request(time.Now())
	if err != nil {
		return err
	}
	res, err := workflow.RunHunts(ctx, req)
	if err != nil {
		return err
	}
	report := res.Report
	toTerminal := (opts.Output == "" || opts.Output == "-") && f.StdoutIsTerminal()
	if format == output.Table && toTerminal && req.Incidents != nil {
		// A responder reads stories first: each incident with its
		// findings beneath.
		err = incident.WriteTable(f.Out, res.Incidents)
	} else {
		err = writeHuntReport(f, opts.Output, format, report)
	}
	if err != nil {
		return err
	}
	if err := hunt.WriteSummaries(f.Err, report); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if n := report.Failed(); n > 0 {
		return fmt.Errorf("%d of %d hunts failed", n, len(report.Summaries))
	}
	if failOn != 0 && report.AtLeast(failOn) {
		return &exitStatusError{code: exitFindings}
	}
	return nil
}

func writeHuntReport(f *Factory, path string, format output.Format, report *hunt.Report) error {
	if path != "" && path != "-" {
		return output.WriteFile(path, func(file *os.File) error { return hunt.WriteReport(file, format, report, 0) })
	}
	width := 0
	if tw := f.TerminalWidth(); tw > 0 {
		// The summary column gets what the fixed columns leave, but
		// never so little that it says nothing.
		width = max(tw-150, 40)
	}
	return hunt.WriteReport(f.Out, format, report, width)
}

// parseHuntParams reads --param name=value flags.
func parseHuntParams(flags []string) (map[string]string, error) {
	params := map[string]string{}
	for _, p := range flags {
		name, value, ok := strings.Cut(p, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, usageErrorf("--param %q: want name=value", p)
		}
		params[strings.TrimSpace(name)] = value
	}
	return params, nil
}

// huntWindow defaults the window of the engine flags: it ends at --now
// unless --to says otherwise and spans defaultHuntWindow unless --from or
// --last says otherwise.
func huntWindow(ew engineWindow) (hunt.Window, error) {
	from, to := ew.From, ew.To
	if to.IsZero() {
		to = ew.Now
	}
	if from.IsZero() {
		d, _ := timeflag.ParseDuration(defaultHuntWindow)
		from = to.Add(-d)
	}
	if !from.Before(to) {
		return hunt.Window{}, usageErrorf("empty window: %s is not before %s", from.Format(time.RFC3339), to.Format(time.RFC3339))
	}
	return hunt.Window{Start: from, End: to}, nil
}
