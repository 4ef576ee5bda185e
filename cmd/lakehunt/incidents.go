package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/lakehunt/lakehunt/engine/timeflag"
	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/incident"
	"github.com/lakehunt/lakehunt/query/output"
	"github.com/lakehunt/lakehunt/query/workflow"
)

// IncidentsOptions are the flags of 'incidents'.
type IncidentsOptions struct {
	Factory *Factory

	Dirs        []string
	Params      []string
	Gap         string
	MinSeverity string
	Format      string
	Output      string
	Parallel    int
	Engine      *EngineFlags
}

// newCmdIncidents builds 'incidents'; runF, when set, gets the parsed
// options instead of running the pack (for tests of the flags).
func newCmdIncidents(f *Factory, runF func(*IncidentsOptions) error) *cobra.Command {
	opts := &IncidentsOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "incidents",
		Short: "Run the hunting pack over a window and group its findings into incidents",
		Long: `Run every hunt over the window [--from, --to) or the --last duration before
--now (default: the last ` + defaultHuntWindow + `), then group the findings into incidents:
findings that share an origin principal (a role session counts as the user
or role that created it, up its chain of AssumeRole calls), an access key, an
instance, a resource, or an address or its /24 (/64) when the same identity is
behind it, and that are no further apart in time than --gap.

Each incident has a title, a severity that rises when one actor moves through
several ATT&CK tactics, its entities, its findings, the AssumeRole calls that
link them, and a one-paragraph summary to paste into a ticket. The exit status
is 1 if a hunt failed.`,
		Example: `  lakehunt incidents --last 24h
  lakehunt incidents --from 2024-03-01 --to 2024-03-08 --min-severity high
  lakehunt incidents --last 7d --format jsonl > incidents.jsonl
  lakehunt incidents --last 7d -o incidents.html`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageErrorf("incidents takes no arguments, got %q (narrow the window with --from/--to or --last)", args[0])
			}
			if runF != nil {
				return runF(opts)
			}
			return runIncidents(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&opts.Dirs, "hunts", nil, "directory of extra or overriding hunt files (repeatable)")
	fl.StringArrayVar(&opts.Params, "param", nil, "set a hunt parameter: name=value, or hunt_id.name=value for one hunt (repeatable)")
	fl.StringVar(&opts.MinSeverity, "min-severity", "", "only incidents at least this severe: info, low, medium, high, critical")
	fl.StringVar(&opts.Format, "format", "", "output format: table, json, jsonl or html (default from -o's extension, else table)")
	fl.StringVarP(&opts.Output, "output", "o", "", "write the incidents to this file instead of stdout")
	fl.IntVar(&opts.Parallel, "parallel", 2, "hunts run at the same time (those reading VPC Flow one at a time)")
	addGapFlag(fl, &opts.Gap)
	opts.Engine = addEngineFlags(fl)
	return cmd
}

// addGapFlag adds --gap, shared by every command that groups incidents.
func addGapFlag(fs *pflag.FlagSet, gap *string) {
	fs.StringVar(gap, "gap", "", "how far apart in time two findings sharing an entity may be and still be one incident (default "+incident.DefaultGap.String()+")")
}

// incidentOptions reads --gap.
func incidentOptions(gap string) (*incident.Options, error) {
	if gap == "" {
		return &incident.Options{}, nil
	}
	d, err := timeflag.ParseDuration(gap)
	if err != nil || d <= 0 {
		return nil, usageErrorf("--gap: want a positive duration such as 2h or 1d, got %q", gap)
	}
	return &incident.Options{Gap: d}, nil
}

// request turns the flags into the workflow's request: the whole pack,
// grouped; relative times count from --now, else from clock.
func (o *IncidentsOptions) request(clock time.Time) (workflow.HuntRequest, hunt.Severity, error) {
	var min hunt.Severity
	if o.MinSeverity != "" {
		var err error
		if min, err = hunt.ParseSeverity(o.MinSeverity); err != nil {
			return workflow.HuntRequest{}, 0, usageErrorf("--min-severity: %v", err)
		}
	}
	params, err := parseHuntParams(o.Params)
	if err != nil {
		return workflow.HuntRequest{}, 0, err
	}
	group, err := incidentOptions(o.Gap)
	if err != nil {
		return workflow.HuntRequest{}, 0, err
	}
	ew, err := o.Engine.resolve(clock)
	if err != nil {
		return workflow.HuntRequest{}, 0, err
	}
	window, err := huntWindow(ew)
	if err != nil {
		return workflow.HuntRequest{}, 0, err
	}
	ew.Settings.Now = ew.Now
	return workflow.HuntRequest{
		Lake: o.Factory.Lake, Engine: ew.Settings, Window: window,
		HuntDirs: o.Dirs, Params: params, Parallel: o.Parallel, Incidents: group,
	}, min, nil
}

func runIncidents(ctx context.Context, opts *IncidentsOptions) error {
	f := opts.Factory
	format, err := output.ParseFormat(opts.Format, opts.Output, incident.Formats...)
	if err != nil {
		return usageErrorf("--format: %v", err)
	}
	req, min, err := opts.request(time.Now())
	if err != nil {
		return err
	}
	res, err := workflow.RunHunts(ctx, req)
	if err != nil {
		return err
	}
	incidents := slices.DeleteFunc(res.Incidents, func(inc incident.Incident) bool { return inc.Severity < min })
	write := func(file *os.File) error { return incident.Write(file, format, incidents) }
	if opts.Output != "" && opts.Output != "-" {
		err = output.WriteFile(opts.Output, write)
	} else {
		err = incident.Write(f.Out, format, incidents)
	}
	if err != nil {
		return err
	}
	if err := hunt.WriteSummaries(f.Err, res.Report); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if n := res.Report.Failed(); n > 0 {
		return fmt.Errorf("%d of %d hunts failed", n, len(res.Report.Summaries))
	}
	return nil
}
