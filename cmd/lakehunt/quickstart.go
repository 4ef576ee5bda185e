package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt"
	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/incident"
	"github.com/lakehunt/lakehunt/query/output"
	"github.com/lakehunt/lakehunt/query/workflow"
	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/source"
)

// QuickstartOptions are the flags of 'quickstart'.
type QuickstartOptions struct {
	Dir string
}

// quickstartQueries show what the tool is for, on the sample incident.
var quickstartQueries = []struct{ title, sql string }{
	{"Events by OCSF class", `SELECT class_uid, class_name, count(*) AS events FROM cloudtrail GROUP BY ALL ORDER BY 1`},
	{"Calls by source IP, with failures", `SELECT src_endpoint.ip AS source_ip, count(*) AS calls, count(*) FILTER (WHERE status = 'Failure') AS failed,
       count(DISTINCT api.operation) AS operations, min(time_dt) AS first_seen
FROM cloudtrail WHERE src_endpoint.ip IS NOT NULL GROUP BY ALL ORDER BY calls DESC`},
	{"IAM changes and defence evasion", `SELECT time_dt, actor.user.name AS actor, api.operation, src_endpoint.ip AS source_ip,
       coalesce(json_extract_string(api.request.data, '$.policyArn'), json_extract_string(api.request.data, '$.userName'), json_extract_string(api.request.data, '$.name')) AS target
FROM cloudtrail
WHERE api.operation IN ('CreateUser','AttachUserPolicy','CreateAccessKey','StopLogging','DeleteDetector','PutBucketPolicy','ModifySnapshotAttribute')
ORDER BY time_dt`},
	{"Failed console logins", `SELECT time_dt, actor.user.type AS user_type, src_endpoint.ip AS source_ip, status FROM cloudtrail WHERE api.operation = 'ConsoleLogin' AND status = 'Failure' ORDER BY time_dt`},
	{"Rejected inbound flows by source (port scans)", `SELECT src_endpoint.ip AS src_ip, count(DISTINCT dst_endpoint.port) AS ports, count(*) AS flows
FROM vpcflow WHERE action = 'Denied' AND connection_info.direction = 'Inbound' GROUP BY ALL ORDER BY ports DESC`},
	{"Largest outbound transfers", `SELECT src_endpoint.ip AS src_ip, dst_endpoint.ip AS dst_ip, dst_endpoint.port AS dst_port, traffic.bytes FROM vpcflow
WHERE connection_info.direction = 'Outbound' AND traffic.bytes IS NOT NULL ORDER BY traffic.bytes DESC LIMIT 3`},
}

func newCmdQuickstart(f *Factory) *cobra.Command {
	opts := &QuickstartOptions{}
	cmd := &cobra.Command{
		Use:   "quickstart",
		Short: "Ingest the built-in sample logs into a fresh lake and show what lakehunt finds",
		Long: `Quickstart writes the sample CloudTrail and VPC Flow Logs that ship inside the
binary to a temporary directory, ingests them into a fresh lake, and prints a few
query results over the planted incident. Use --dir to keep the lake and explore
it afterwards with 'lakehunt --lake DIR/lake query ...'.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runQuickstart(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Dir, "dir", "", "directory for the samples and the lake (default: a temporary directory, removed afterwards)")
	return cmd
}

func runQuickstart(ctx context.Context, f *Factory, opts *QuickstartOptions) error {
	dir := opts.Dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "lakehunt-quickstart-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	samples := filepath.Join(dir, "samples")
	if err := os.CopyFS(samples, mustSub(lakehunt.Samples, "testdata/quickstart")); err != nil && !os.IsExist(err) {
		return fmt.Errorf("cannot write samples: %w", err)
	}
	f.Lake = filepath.Join(dir, "lake")
	fmt.Fprintf(f.Out, "Samples: %s\nLake:    %s\n\n", samples, f.Lake)

	quiet := &IngestOptions{Quiet: true}
	if err := ingestLocal(ctx, f, quiet, source.CloudTrail, ingest.FlowConfig{}, []string{filepath.Join(samples, "cloudtrail")}); err != nil {
		return err
	}
	if err := ingestLocal(ctx, f, quiet, source.VPCFlow, ingest.FlowConfig{}, []string{filepath.Join(samples, "vpcflow")}); err != nil {
		return err
	}

	stmts := make([]string, len(quickstartQueries))
	for i, q := range quickstartQueries {
		stmts[i] = q.sql
	}
	// One script: the workflow splits it where each query ends.
	err := workflow.Query(ctx, workflow.QueryRequest{
		Session: workflow.Session{Lake: f.Lake},
		SQL:     strings.Join(stmts, ";\n"),
		Out:     f.Out,
		Output:  output.Options{Format: output.Table, Width: f.TerminalWidth()},
		BeforeStatement: func(i int, _ string) {
			fmt.Fprintf(f.Out, "\n== %s\n", quickstartQueries[i].title)
		},
	})
	if err != nil {
		return err
	}
	if err := quickstartHunts(ctx, f); err != nil {
		return err
	}
	if opts.Dir != "" {
		fmt.Fprintf(f.Out, "\nExplore further: lakehunt --lake %s query \"SELECT * FROM cloudtrail LIMIT 10\"\n", f.Lake)
	}
	return nil
}

// quickstartHunts runs the whole hunting pack over the sample day, as
// 'lakehunt hunt run --all' would, and prints its findings grouped into
// incidents, each with its findings beneath.
func quickstartHunts(ctx context.Context, f *Factory) error {
	window := hunt.Window{Start: quickstartDay, End: quickstartDay.Add(24 * time.Hour)}
	res, err := workflow.RunHunts(ctx, workflow.HuntRequest{
		Lake: f.Lake, Engine: workflow.EngineSettings{Now: window.End}, Window: window, Parallel: 2,
		Incidents: &incident.Options{},
	})
	if err != nil {
		return err
	}
	report := res.Report
	hunts := len(report.Summaries)
	fmt.Fprintf(f.Out, "\n== Hunting pack: %d hunts over %s, findings grouped into incidents\n\n", hunts, quickstartDay.Format("2006-01-02"))
	if err := incident.WriteTable(f.Out, res.Incidents); err != nil {
		return err
	}
	if n := report.Failed(); n > 0 {
		return fmt.Errorf("%d hunts failed on the sample lake", n)
	}
	skipped := ""
	if n := report.Skipped(); n > 0 {
		skipped = fmt.Sprintf(" (%d skipped: no baseline in the samples)", n)
	}
	fmt.Fprintf(f.Out, "\n%d incidents from %d findings of %d hunts%s in %s (grouping %s).\nNext: lakehunt --lake LAKE investigate access-key AKIAEXAMPLEALICE0001 --from 2024-03-05 --to 2024-03-06\n",
		len(res.Incidents), len(report.Findings), hunts, skipped, report.Duration.Round(time.Millisecond), res.Grouping.Round(time.Millisecond))
	return nil
}

// quickstartDay is the day of the sample incident.
var quickstartDay = time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	return sub
}
