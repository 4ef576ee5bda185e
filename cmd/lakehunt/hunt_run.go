package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/engine/timeflag"
	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/output"
)

// HuntRunOptions are the flags of 'hunt run'.
type HuntRunOptions struct {
	All      bool
	Tags     []string
	Severity string
	Source   string
	From     string
	To       string
	Last     string
	Now      string
	Params   []string
	Dirs     []string
	Format   string
	Output   string
	FailOn   string
	Parallel int
	Threads  int
	Memory   string
}

// defaultHuntWindow is the window when none is given: a week, the span
// most published hunting queries look back over.
const defaultHuntWindow = "7d"

func newCmdHuntRun(f *Factory) *cobra.Command {
	opts := &HuntRunOptions{}
	cmd := &cobra.Command{
		Use:   "run ID...|--all",
		Short: "Run hunts over a time window and print their findings",
		Long: `Run the named hunts, or every hunt with --all (narrowed by --tag, --severity
and --source), over the window [--from, --to) or the --last duration before
--now (default: the last ` + defaultHuntWindow + `). Hunts that compare with a baseline
also read the days before the window.

Findings go to stdout or -o FILE; a summary of each hunt that found something
or failed goes to stderr. The exit status is 1 if a hunt failed, 4 if a
finding is at least as severe as --fail-on, else 0.`,
		Example: `  lakehunt hunt run --all --last 24h
  lakehunt hunt run cloudtrail_logging_stopped admin_policy_attached --from 2024-03-01 --to 2024-03-08
  lakehunt hunt run --all --tag vpc --param min_ports=5 --format csv -o findings.csv
  lakehunt hunt run --all --fail-on high --format jsonl > findings.jsonl`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runHunts(cmd, f, opts, args)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&opts.All, "all", false, "run every hunt (narrowed by --tag, --severity, --source)")
	fl.StringArrayVar(&opts.Tags, "tag", nil, "only hunts with this tag (repeatable: any of them)")
	fl.StringVar(&opts.Severity, "severity", "", "only hunts at least this severe: info, low, medium, high, critical")
	fl.StringVar(&opts.Source, "source", "", "only hunts reading this source: cloudtrail or vpcflow")
	fl.StringVar(&opts.From, "from", "", "window start (RFC 3339, a date, or a duration before now such as 7d)")
	fl.StringVar(&opts.To, "to", "", "window end, exclusive (default now)")
	fl.StringVar(&opts.Last, "last", "", "window of this duration ending now, e.g. 24h or 7d (default "+defaultHuntWindow+")")
	fl.StringVar(&opts.Now, "now", "", "the time taken as now, for --last and relative times (default the clock)")
	fl.StringArrayVar(&opts.Params, "param", nil, "set a hunt parameter: name=value, or hunt_id.name=value for one hunt (repeatable)")
	fl.StringArrayVar(&opts.Dirs, "hunts", nil, "directory of extra or overriding hunt files (repeatable)")
	fl.StringVar(&opts.Format, "format", "", "output format: table, csv, jsonl or json (default from -o's extension, else table)")
	fl.StringVarP(&opts.Output, "output", "o", "", "write findings to this file instead of stdout")
	fl.StringVar(&opts.FailOn, "fail-on", "", "exit with status 4 if a finding is at least this severe")
	fl.IntVar(&opts.Parallel, "parallel", 2, "hunts run at the same time")
	fl.IntVar(&opts.Threads, "threads", 0, "DuckDB worker threads (default: all cores)")
	fl.StringVar(&opts.Memory, "memory-limit", "", "DuckDB memory limit, e.g. 4GB (default 80% of RAM)")
	return cmd
}

func runHunts(cmd *cobra.Command, f *Factory, opts *HuntRunOptions, ids []string) error {
	if len(ids) == 0 && !opts.All {
		return usageErrorf("name the hunts to run, or give --all (see 'lakehunt hunt list')")
	}
	if len(ids) > 0 && opts.All {
		return usageErrorf("give hunt ids or --all, not both")
	}
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
	params, err := parseHuntParams(opts.Params)
	if err != nil {
		return err
	}
	now, window, err := huntWindow(opts, time.Now())
	if err != nil {
		return err
	}
	pack, err := loadHunts(opts.Dirs)
	if err != nil {
		return err
	}
	filter, err := huntFilter(opts.Tags, opts.Severity, opts.Source)
	if err != nil {
		return err
	}
	hs, err := pack.Select(ids, filter)
	if err != nil {
		return usageErrorf("%v", err)
	}
	if len(hs) == 0 {
		return usageErrorf("no hunt matches the selection")
	}
	if err := hunt.CheckParams(hs, params); err != nil {
		return usageErrorf("%v", err)
	}

	ctx := cmd.Context()
	eng, err := engine.Open(ctx, engine.Options{
		Lake:        f.Lake,
		Now:         now,
		From:        hunt.EarliestNeeded(hs, window),
		To:          window.End,
		Dialect:     engine.DialectDuckDB,
		Threads:     opts.Threads,
		MemoryLimit: opts.Memory,
	})
	if err != nil {
		return err
	}
	defer eng.Close()
	report := hunt.Run(ctx, eng, hs, hunt.RunOptions{Window: window, Now: now, Params: params, Parallel: opts.Parallel})

	if err := writeHuntReport(f, opts.Output, format, report); err != nil {
		return err
	}
	if err := hunt.WriteSummaries(f.Err, report); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if n := report.Failed(); n > 0 {
		return fmt.Errorf("%d of %d hunts failed", n, len(hs))
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

// huntWindow resolves --now, --from, --to and --last: the window ends now
// unless --to says otherwise and spans defaultHuntWindow unless --from or
// --last says otherwise.
func huntWindow(opts *HuntRunOptions, clock time.Time) (time.Time, hunt.Window, error) {
	now, from, to, err := timeWindow(opts.Now, opts.From, opts.To, opts.Last, clock)
	if err != nil {
		return now, hunt.Window{}, err
	}
	if to.IsZero() {
		to = now
	}
	if from.IsZero() {
		d, _ := timeflag.ParseDuration(defaultHuntWindow)
		from = to.Add(-d)
	}
	if !from.Before(to) {
		return now, hunt.Window{}, usageErrorf("empty window: %s is not before %s", from.Format(time.RFC3339), to.Format(time.RFC3339))
	}
	return now, hunt.Window{Start: from, End: to}, nil
}
