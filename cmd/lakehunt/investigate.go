package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/engine/timeflag"
	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/investigate"
	"github.com/lakehunt/lakehunt/query/output"
)

// InvestigateOptions are the flags of 'investigate'.
type InvestigateOptions struct {
	From, To, Last, Now string
	Baseline            string
	Format              string
	Output              string
	RawCSV              string
	ShowSQL             bool
	GeoIP               string
	NoFindings          bool
	HuntDirs            []string
	Threads             int
	Memory              string
}

const defaultBaseline = "30d"

func newCmdInvestigate(f *Factory) *cobra.Command {
	opts := &InvestigateOptions{}
	cmd := &cobra.Command{
		Use:   "investigate KIND VALUE",
		Short: "Profile one IP, principal, access key, instance or account over a time window",
		Long: `Investigate one entity the way Amazon Detective profiles it, from the local
lake: an overview (first and last seen, events, error rate, accounts and
regions), API calls over time split into succeeded and failed, calls by
service and operation, failures by error code, related entities (source IPs,
user agents, principals, access keys, role sessions, resources, regions,
accounts) with counts and first and last seen, what is newly observed compared
with the --baseline window before the scope, console logins, and for an ip or
an instance its VPC flows (volume in and out over time, top peers, top ports,
rejected flows). The hunting pack runs over the scope and the findings that
involve the entity are listed (--no-findings skips it).

KIND is ip, principal, access-key, instance or account.

The scope is [--from, --to), or --last before --now. With none of them, it is
the whole UTC days from the entity's first to its last appearance in the lake.

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
			return runInvestigate(cmd.Context(), f, opts, args[0], args[1])
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.From, "from", "", "scope start (RFC 3339, a date, or a duration before now such as 7d)")
	fl.StringVar(&opts.To, "to", "", "scope end, exclusive (default now)")
	fl.StringVar(&opts.Last, "last", "", "scope of this duration ending at --now, e.g. 24h or 7d")
	fl.StringVar(&opts.Now, "now", "", "the time taken as now, for --last and relative times (default the clock)")
	fl.StringVar(&opts.Baseline, "baseline", defaultBaseline, "length of the window before the scope that 'newly observed' compares with")
	fl.StringVar(&opts.Format, "format", "", "report format: text, json or html (default from -o's extension, else text)")
	fl.StringVarP(&opts.Output, "output", "o", "", "write the report to this file instead of stdout")
	fl.StringVar(&opts.RawCSV, "raw-csv", "", "also write the entity's raw events in the scope to this CSV file")
	fl.BoolVar(&opts.ShowSQL, "show-sql", false, "print the SQL of each panel instead of running it")
	fl.StringVar(&opts.GeoIP, "geoip", "", "MaxMind .mmdb file (GeoLite2/GeoIP2 Country or City) to locate IP addresses")
	fl.BoolVar(&opts.NoFindings, "no-findings", false, "do not run the hunting pack")
	fl.StringArrayVar(&opts.HuntDirs, "hunts", nil, "directory of extra or overriding hunt files (repeatable)")
	fl.IntVar(&opts.Threads, "threads", 0, "DuckDB worker threads (default: all cores)")
	fl.StringVar(&opts.Memory, "memory-limit", "", "DuckDB memory limit, e.g. 4GB (default 80% of RAM)")
	return cmd
}

func runInvestigate(ctx context.Context, f *Factory, opts *InvestigateOptions, kindArg, value string) error {
	kind, err := investigate.ParseKind(kindArg)
	if err != nil {
		return usageErrorf("%v", err)
	}
	entity, err := investigate.NewEntity(kind, value)
	if err != nil {
		return usageErrorf("%v", err)
	}
	format, err := output.ParseFormat(opts.Format, opts.Output, investigate.Formats...)
	if err != nil {
		return usageErrorf("--format: %v", err)
	}
	now, scope, err := investigationScope(opts, time.Now())
	if err != nil {
		return err
	}
	baseline, err := timeflag.ParseDuration(opts.Baseline)
	if err != nil || baseline < 0 {
		return usageErrorf("--baseline: want a duration such as 30d or 2w, got %q", opts.Baseline)
	}
	iopt := investigate.Options{
		Lake: f.Lake, Entity: entity, Scope: scope, Baseline: baseline, Now: now,
		Threads: opts.Threads, MemoryLimit: opts.Memory,
	}
	if !opts.NoFindings && !opts.ShowSQL {
		pack, err := hunt.Load(opts.HuntDirs...)
		if err != nil {
			return err
		}
		iopt.Hunts = pack.Hunts
	}
	if opts.GeoIP != "" && !opts.ShowSQL {
		geo, err := investigate.OpenGeoIP(opts.GeoIP)
		if err != nil {
			return err
		}
		defer geo.Close()
		iopt.GeoIP = geo
	}
	if opts.RawCSV != "" && !opts.ShowSQL {
		abs, err := filepath.Abs(opts.RawCSV)
		if err != nil {
			return fmt.Errorf("cannot resolve --raw-csv %q: %w", opts.RawCSV, err)
		}
		opts.RawCSV, iopt.RawCSVDir = abs, filepath.Dir(abs)
	}

	inv, err := investigate.Open(ctx, iopt)
	if err != nil {
		return err
	}
	defer inv.Close()
	iopt.Scope = inv.Scope()
	if opts.ShowSQL {
		return printInvestigationSQL(f.Out, iopt)
	}
	if len(iopt.Hunts) > 0 && f.StderrIsTerminal() {
		// The pack reads the whole scope and its baselines once per hunt:
		// on a large lake it takes most of the time.
		fmt.Fprintf(f.Err, "running %d hunts for the findings panel (--no-findings skips them)...\n", len(iopt.Hunts))
	}
	report, err := inv.Run(ctx)
	if err != nil {
		return err
	}
	if err := writeInvestigation(f, opts.Output, format, report); err != nil {
		return err
	}
	if opts.RawCSV != "" {
		n, err := inv.WriteRawCSV(ctx, opts.RawCSV)
		if err != nil {
			return err
		}
		fmt.Fprintf(f.Err, "wrote %d raw events to %s\n", n, opts.RawCSV)
	}
	return nil
}

// investigationScope reads --now, --from, --to and --last. No window flag
// at all leaves the scope zero: the entity's own days in the lake.
func investigationScope(opts *InvestigateOptions, clock time.Time) (time.Time, investigate.Window, error) {
	now, from, to, err := timeWindow(opts.Now, opts.From, opts.To, opts.Last, clock)
	if err != nil || (from.IsZero() && to.IsZero()) {
		return now, investigate.Window{}, err
	}
	if from.IsZero() {
		return now, investigate.Window{}, usageErrorf("--to needs --from")
	}
	if to.IsZero() {
		to = now
	}
	if !from.Before(to) {
		return now, investigate.Window{}, usageErrorf("empty window: %s is not before %s", from.Format(time.RFC3339), to.Format(time.RFC3339))
	}
	return now, investigate.Window{Start: from, End: to}, nil
}

func writeInvestigation(f *Factory, path string, format output.Format, r *investigate.Report) error {
	if path == "" {
		return investigate.Write(f.Out, r, format)
	}
	return output.WriteFile(path, func(file *os.File) error { return investigate.Write(file, r, format) })
}

// printInvestigationSQL writes every panel's statement with its
// parameters as literals, one runnable statement per panel.
func printInvestigationSQL(w io.Writer, opt investigate.Options) error {
	scope := opt.Scope
	from := scope.Start.Add(-opt.Baseline)
	fmt.Fprintf(w, "-- lakehunt investigate %s: the SQL of each panel.\n", opt.Entity.Kind)
	fmt.Fprintf(w, "-- When the investigation runs, the entity and the window are bound parameters; here they\n")
	fmt.Fprintf(w, "-- are written in as literals. Each statement runs with lakehunt query (athena or duckdb\n")
	fmt.Fprintf(w, "-- dialect) over a window covering %s to %s; the lifetime panel reads the whole lake.\n",
		from.UTC().Format(time.RFC3339), scope.End.UTC().Format(time.RFC3339))
	for _, st := range investigate.Statements(opt) {
		text, err := st.Literal()
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n-- panel %s: %s\n", st.Panel, st.Title)
		for _, p := range st.ParamValues() {
			fmt.Fprintf(w, "--   %s\n", p)
		}
		fmt.Fprintf(w, "%s;\n", strings.TrimSpace(text))
	}
	raw, err := investigate.RawEventsStatement(opt).Literal()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n-- --raw-csv: the entity's raw events\n%s;\n", strings.TrimSpace(raw))
	fmt.Fprintf(w, "\n-- findings: lakehunt hunt run --all --from %s --to %s\n", scope.Start.UTC().Format(time.RFC3339), scope.End.UTC().Format(time.RFC3339))
	return nil
}
