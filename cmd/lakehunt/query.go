package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/lakehunt/lakehunt/query/output"
	"github.com/lakehunt/lakehunt/query/workflow"
)

// QueryOptions are the arguments and flags of 'query'.
type QueryOptions struct {
	Factory *Factory

	// SQL is the argument, when given.
	SQL            string
	File           string
	Format         string
	Output         string
	Stats          bool
	ShowSQL        bool
	Dialect        string
	MaxRows        int
	FormulaGuard   bool
	NoFormulaGuard bool
	Engine         *EngineFlags
}

// newCmdQuery builds 'query'; runF, when set, gets the parsed options
// instead of running the SQL (for tests of the flags).
func newCmdQuery(f *Factory, runF func(*QueryOptions) error) *cobra.Command {
	opts := &QueryOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   `query ["SQL"]`,
		Short: "Run SQL over the lake",
		Long: `query runs SQL, given as the argument, read from -f FILE, or read from
stdin, over the views cloudtrail and vpcflow. Several statements, each ended
by ';', run in order and each result is printed (-o takes one statement). Athena queries written
for Security Lake run unchanged, a leading comment line included: the Glue names
amazon_security_lake_glue_db_<region>.amazon_security_lake_table_<region>_cloud_trail_mgmt_2_0
(and _vpc_flow_2_0) name the same views, and Trino functions and syntax are
translated (--dialect duckdb turns translation off).

--from/--to (or --last) restrict the views to the window [from, to): files
outside it are never opened; a side not given is open. --now pins
CURRENT_TIMESTAMP, now() and current_date, so relative SQL gives the same
answer on old logs.

Results go to stdout as a table, or to -o FILE in the format of its extension
(.csv, .json, .jsonl, .parquet, .arrow for an Arrow IPC file that pandas and
polars open, .arrows for an IPC stream) or of --format. CSV cells that a spreadsheet
would run as a formula (starting with = + - @) get a leading quote unless
--no-formula-guard is given: user agents and request parameters in CloudTrail
are chosen by whoever made the call.`,
		Example: `  lakehunt query "SELECT api.operation, count(*) FROM cloudtrail GROUP BY 1 ORDER BY 2 DESC"
  lakehunt query -f unauthorized.sql --now 2024-03-10T12:00:00Z --last 7d
  lakehunt query --from 2024-03-01 --to 2024-03-02 -o day.csv < hunt.sql
  lakehunt query --last 7d -o flows.arrow "SELECT * FROM vpcflow"
  lakehunt query --stats "SELECT count(*) FROM vpcflow WHERE contains('10.0.0.0/8', CAST(src_endpoint.ip AS IPADDRESS))"`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("formula-guard") && opts.NoFormulaGuard {
				return usageErrorf("give --formula-guard or --no-formula-guard, not both")
			}
			if len(args) == 1 {
				if opts.File != "" {
					return usageErrorf("give the SQL as an argument or with -f, not both")
				}
				opts.SQL = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return runQuery(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&opts.File, "file", "f", "", "read the SQL from this file (- for stdin)")
	fl.StringVar(&opts.Format, "format", "", "output format: table, csv, json, jsonl, parquet, arrow or arrows (default from -o's extension, else table)")
	fl.StringVarP(&opts.Output, "output", "o", "", "write the result to this file instead of stdout")
	fl.BoolVar(&opts.Stats, "stats", false, "print on stderr how many files and row groups the window let the query skip")
	fl.BoolVar(&opts.ShowSQL, "show-sql", false, "print on stderr the SQL DuckDB runs after translation")
	addDialectFlag(fl, &opts.Dialect)
	fl.IntVar(&opts.MaxRows, "max-rows", output.DefaultMaxRows, "rows a table shows")
	fl.BoolVar(&opts.FormulaGuard, "formula-guard", true, "quote CSV cells a spreadsheet would run as formulas")
	fl.BoolVar(&opts.NoFormulaGuard, "no-formula-guard", false, "write CSV cells as they are (same as --formula-guard=false)")
	opts.Engine = addEngineFlags(fl)
	return cmd
}

// request turns the flags and the SQL text into the workflow's request,
// with results going to stdout unless -o names a file; relative times
// count from --now, else from clock.
func (o *QueryOptions) request(sqlText string, clock time.Time) (workflow.QueryRequest, error) {
	format, err := output.ParseFormat(o.Format, o.Output)
	if err != nil {
		return workflow.QueryRequest{}, usageErrorf("--format: %v", err)
	}
	if format.Binary() && (o.Output == "" || o.Output == "-") && o.Factory.StdoutIsTerminal() {
		return workflow.QueryRequest{}, usageErrorf("--format %s writes binary data, not for a terminal: give -o FILE or redirect stdout", format)
	}
	if o.MaxRows < 1 {
		return workflow.QueryRequest{}, usageErrorf("--max-rows must be 1 or more")
	}
	dialect, err := parseDialect(o.Dialect)
	if err != nil {
		return workflow.QueryRequest{}, err
	}
	ew, err := o.Engine.resolve(clock)
	if err != nil {
		return workflow.QueryRequest{}, err
	}
	req := workflow.QueryRequest{
		Session: workflow.Session{Lake: o.Factory.Lake, From: ew.From, To: ew.To, Dialect: dialect, Engine: ew.Settings},
		SQL:     sqlText,
		Out:     o.Factory.Out,
		Output:  output.Options{Format: format, MaxRows: o.MaxRows, CSVFormulaGuard: o.FormulaGuard && !o.NoFormulaGuard, Width: o.Factory.TerminalWidth()},
		ShowSQL: o.ShowSQL,
		Stats:   o.Stats,
	}
	if o.Output != "" && o.Output != "-" {
		req.OutputFile = o.Output
	}
	return req, nil
}

func runQuery(ctx context.Context, opts *QueryOptions) error {
	f := opts.Factory
	sqlText, err := readQuerySQL(f, opts)
	if err != nil {
		return err
	}
	req, err := opts.request(sqlText, time.Now().UTC())
	if err != nil {
		return err
	}
	req.BeforeStatement = func(i int, translated string) {
		if i > 0 && req.Output.Format == output.Table {
			fmt.Fprintln(f.Out)
		}
		if opts.ShowSQL {
			fmt.Fprintln(f.Err, strings.TrimSpace(translated))
		}
	}
	req.AfterStatement = func(i int, r workflow.StatementResult) {
		if req.OutputFile != "" && f.StderrIsTerminal() {
			fmt.Fprintf(f.Err, "%d rows written to %s\n", r.Rows, req.OutputFile)
		}
		if r.Stats != nil {
			fmt.Fprintf(f.Err, "%s (files and row groups the time window leaves to read)\n", r.Stats)
		}
	}
	return workflow.Query(ctx, req)
}

// readQuerySQL takes the statement from the argument, -f, or stdin.
func readQuerySQL(f *Factory, opts *QueryOptions) (string, error) {
	var sqlText string
	switch {
	case opts.SQL != "":
		sqlText = opts.SQL
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
