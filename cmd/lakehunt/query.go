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
	"golang.org/x/term"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/query/output"
)

// QueryOptions are the flags of 'query'.
type QueryOptions struct {
	File           string
	Format         string
	Output         string
	From, To       string
	Last           string
	Now            string
	Stats          bool
	ShowSQL        bool
	Dialect        string
	Threads        int
	MemoryLimit    string
	TempDir        string
	MaxRows        int
	FormulaGuard   bool
	NoFormulaGuard bool
}

func newCmdQuery(f *Factory) *cobra.Command {
	opts := &QueryOptions{}
	cmd := &cobra.Command{
		Use:   `query ["SQL"]`,
		Short: "Run SQL over the lake",
		Long: `query runs SQL, given as the argument, read from -f FILE, or read from
stdin, over the views cloudtrail and vpcflow. Several statements, each ended
by ';', run in order and each result is printed (-o takes one statement). Athena queries written
for Security Lake run unchanged: the Glue names
amazon_security_lake_glue_db_<region>.amazon_security_lake_table_<region>_cloud_trail_mgmt_2_0
(and _vpc_flow_2_0) name the same views, and Trino functions and syntax are
translated (--dialect duckdb turns translation off).

--from/--to (or --last) restrict the views to the window [from, to): files
outside it are never opened. --now pins CURRENT_TIMESTAMP, now() and
current_date, so relative SQL gives the same answer on old logs.

Results go to stdout as a table, or to -o FILE in the format of its extension
(.csv, .json, .jsonl, .parquet) or of --format. CSV cells that a spreadsheet
would run as a formula (starting with = + - @) get a leading quote unless
--no-formula-guard is given: user agents and request parameters in CloudTrail
are chosen by whoever made the call.`,
		Example: `  lakehunt query "SELECT api.operation, count(*) FROM cloudtrail GROUP BY 1 ORDER BY 2 DESC"
  lakehunt query -f unauthorized.sql --now 2024-03-10T12:00:00Z --last 7d
  lakehunt query --from 2024-03-01 --to 2024-03-02 -o day.csv < hunt.sql
  lakehunt query --stats "SELECT count(*) FROM vpcflow WHERE contains('10.0.0.0/8', CAST(src_endpoint.ip AS IPADDRESS))"`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("formula-guard") && opts.NoFormulaGuard {
				return usageErrorf("give --formula-guard or --no-formula-guard, not both")
			}
			return runQuery(cmd.Context(), f, opts, args)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&opts.File, "file", "f", "", "read the SQL from this file (- for stdin)")
	fl.StringVar(&opts.Format, "format", "", "output format: table, csv, json, jsonl or parquet (default from -o's extension, else table)")
	fl.StringVarP(&opts.Output, "output", "o", "", "write the result to this file instead of stdout")
	fl.StringVar(&opts.From, "from", "", "only events at or after this time (RFC 3339, a date, or a duration before now such as 7d)")
	fl.StringVar(&opts.To, "to", "", "only events before this time")
	fl.StringVar(&opts.Last, "last", "", "only events of this duration before now, e.g. 24h or 7d")
	fl.StringVar(&opts.Now, "now", os.Getenv("LAKEHUNT_NOW"), "pin the SQL clock (CURRENT_TIMESTAMP, now()) to this time (env LAKEHUNT_NOW)")
	fl.BoolVar(&opts.Stats, "stats", false, "print on stderr how many files and row groups the window let the query skip")
	fl.BoolVar(&opts.ShowSQL, "show-sql", false, "print on stderr the SQL DuckDB runs after translation")
	fl.StringVar(&opts.Dialect, "dialect", "athena", "SQL dialect: athena (Athena/Trino and DuckDB SQL) or duckdb (no translation)")
	fl.IntVar(&opts.Threads, "threads", 0, "DuckDB worker threads (0: all cores)")
	fl.StringVar(&opts.MemoryLimit, "memory-limit", "", "DuckDB memory limit, for example 4GB (default 80% of RAM)")
	fl.StringVar(&opts.TempDir, "temp-dir", "", "where DuckDB spills data that does not fit in memory")
	fl.IntVar(&opts.MaxRows, "max-rows", output.DefaultMaxRows, "rows a table shows")
	fl.BoolVar(&opts.FormulaGuard, "formula-guard", true, "quote CSV cells a spreadsheet would run as formulas")
	fl.BoolVar(&opts.NoFormulaGuard, "no-formula-guard", false, "write CSV cells as they are (same as --formula-guard=false)")
	return cmd
}

func runQuery(ctx context.Context, f *Factory, opts *QueryOptions, args []string) error {
	sqlText, err := readQuerySQL(f, opts, args)
	if err != nil {
		return err
	}
	format, err := output.ParseFormat(opts.Format, opts.Output)
	if err != nil {
		return usageErrorf("--format: %v", err)
	}
	if opts.MaxRows < 1 || opts.Threads < 0 {
		return usageErrorf("--max-rows must be 1 or more and --threads 0 or more")
	}
	guard := opts.FormulaGuard && !opts.NoFormulaGuard
	eopt, err := opts.engineOptions(f.Lake, time.Now().UTC())
	if err != nil {
		return err
	}
	toFile := opts.Output != "" && opts.Output != "-"
	stmts := []string{sqlText}
	if split := splitStatements(sqlText); len(split) > 1 {
		if toFile {
			return usageErrorf("-o writes one result and the SQL holds %d statements: write them one at a time", len(split))
		}
		stmts = split
	}
	if toFile {
		eopt.AllowPaths = []string{filepath.Dir(opts.Output)}
	}
	eng, err := engine.Open(ctx, eopt)
	if err != nil {
		return err
	}
	defer eng.Close()
	for i, stmt := range stmts {
		if i > 0 && format == output.Table {
			fmt.Fprintln(f.Out)
		}
		if err := runQueryStatement(ctx, f, opts, eng, stmt, format, guard, toFile); err != nil {
			if len(stmts) > 1 {
				return fmt.Errorf("statement %d of %d: %w", i+1, len(stmts), err)
			}
			return err
		}
	}
	return nil
}

// splitStatements cuts SQL text at each ';' outside strings and comments.
func splitStatements(sqlText string) []string {
	var split shellSplitter
	stmts := split.feed(sqlText)
	if rest := split.rest(); rest != "" {
		stmts = append(stmts, rest)
	}
	return stmts
}

func runQueryStatement(ctx context.Context, f *Factory, opts *QueryOptions, eng *engine.Engine, sqlText string, format output.Format, guard, toFile bool) error {
	if opts.ShowSQL {
		translated, err := eng.Translate(sqlText)
		if err != nil {
			return err
		}
		fmt.Fprintln(f.Err, strings.TrimSpace(translated))
	}
	var n int64
	var err error
	if toFile && format == output.CSV {
		err = output.WriteFile(opts.Output, func(file *os.File) (err error) {
			n, err = eng.CopyCSV(ctx, sqlText, file.Name(), guard)
			return err
		})
		if err != nil {
			return err
		}
	} else if n, err = writeQueryResult(ctx, f, eng, sqlText, opts.Output, output.Options{
		Format: format, MaxRows: opts.MaxRows, CSVFormulaGuard: guard, Width: f.TerminalWidth(),
	}); err != nil {
		return err
	}
	if toFile && f.StderrIsTerminal() {
		fmt.Fprintf(f.Err, "%d rows written to %s\n", n, opts.Output)
	}
	if opts.Stats {
		st, err := eng.Stats(ctx, sqlText)
		if err != nil {
			return err
		}
		fmt.Fprintf(f.Err, "%s (files and row groups the time window leaves to read)\n", st)
	}
	return nil
}

// writeQueryResult streams the result to stdout or to a file, which only
// appears if writing succeeds.
func writeQueryResult(ctx context.Context, f *Factory, eng *engine.Engine, sqlText, path string, opt output.Options) (n int64, err error) {
	write := func(w io.Writer) error {
		rows, err := eng.Query(ctx, sqlText)
		if err != nil {
			return err
		}
		defer rows.Close()
		n, err = output.Write(ctx, w, rows, opt)
		return err
	}
	if path == "" || path == "-" {
		err = write(f.Out)
	} else {
		opt.Width = 0
		err = output.WriteFile(path, func(file *os.File) error { return write(file) })
	}
	return n, err
}

// readQuerySQL takes the statement from the argument, -f, or stdin.
func readQuerySQL(f *Factory, opts *QueryOptions, args []string) (string, error) {
	var sqlText string
	switch {
	case len(args) == 1 && opts.File != "":
		return "", usageErrorf("give the SQL as an argument or with -f, not both")
	case len(args) == 1:
		sqlText = args[0]
	case opts.File != "" && opts.File != "-":
		data, err := os.ReadFile(opts.File)
		if err != nil {
			return "", fmt.Errorf("cannot read SQL: %w", err)
		}
		sqlText = string(data)
	default:
		if file, ok := f.In.(*os.File); ok && opts.File == "" && term.IsTerminal(int(file.Fd())) {
			return "", usageErrorf("no SQL: give it as an argument, with -f FILE, or on stdin")
		}
		data, err := io.ReadAll(f.In)
		if err != nil {
			return "", fmt.Errorf("cannot read SQL from stdin: %w", err)
		}
		sqlText = string(data)
	}
	if strings.TrimSpace(sqlText) == "" {
		return "", usageErrorf("no SQL: the statement is empty")
	}
	return sqlText, nil
}

// engineOptions resolves the window and engine flags; relative times
// count from --now when it is given.
func (o *QueryOptions) engineOptions(lakeDir string, clock time.Time) (engine.Options, error) {
	opt := engine.Options{Lake: lakeDir, Threads: o.Threads, MemoryLimit: o.MemoryLimit, TempDir: o.TempDir}
	dialect, err := engine.ParseDialect(o.Dialect)
	if err != nil {
		return opt, usageErrorf("--dialect: %v", err)
	}
	opt.Dialect = dialect
	now, from, to, err := timeWindow(o.Now, o.From, o.To, o.Last, clock)
	if err != nil {
		return opt, err
	}
	if o.Now != "" {
		opt.Now = now
	}
	opt.From, opt.To = from, to
	return opt, nil
}
