package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/bench"
)

type benchOptions struct {
	scale     string
	jsonPath  string
	dir       string
	keep      bool
	scenarios []int
	reuseLake string
}

func newCmdBench(f *Factory) *cobra.Command {
	opts := &benchOptions{}
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Benchmark lakehunt against DuckDB-only rivals on generated data",
		Long: `Generate an organisation's CloudTrail and VPC Flow Logs, then measure
lakehunt and a rival on the same data in the same run, each in a child process
of its own (time and peak memory):

  1  CloudTrail ingest         lakehunt vs DuckDB read_json + COPY to Parquet
  2  VPC Flow ingest           lakehunt vs DuckDB read_csv + COPY to Parquet
  3  hunting                   hunts over the lake vs the same questions over raw .json.gz;
                               the whole pack over the lake and over one day (tiny, medium, large)
  4  scans                     count, filter, group-by, top-N: engine vs DuckDB on the same Parquet
  5  window pruning            one day of thirty vs the whole lake
  6  investigations            an IP, a principal, the exfiltrating host's instance
                               and its network interface over thirty days
  7  CSV export                engine.CopyCSV and the streaming writer vs DuckDB COPY
  8  storage                   bytes per event, lake vs raw gzip
  9  watch                     a day delivered in pieces (288 at medium), each ingested,
                               hunted and alerted as 'watch' does, vs one run over the day
  10 console                   every dashboard over 7 and 30 days, and an entity page
                               against the investigation alone

Scales: small runs in under a minute on two cores; medium (5M CloudTrail
events, 50M flows) takes tens of minutes there; large is four times medium.
Generated data stays in --dir with --keep, and a later run of the same scale
reuses it. --reuse-lake measures scenarios 3 to 10 on the lake a kept
earlier run of the same scale ingested (DIR/run-*/lake), without ingesting.`,
		Example: `  lakehunt bench --scale small
  lakehunt bench --scale medium --json bench.json --dir /data/bench --keep
  lakehunt bench --scale medium --dir /data/bench --scenarios 10 --reuse-lake /data/bench/run-123/lake`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBench(cmd.Context(), f, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.scale, "scale", "medium", "data size: small, medium or large")
	fl.StringVar(&opts.jsonPath, "json", "", "also write the results as JSON to this file")
	fl.StringVar(&opts.dir, "dir", filepath.Join(os.TempDir(), "lakehunt-bench"), "working directory for data and outputs")
	fl.BoolVar(&opts.keep, "keep", false, "keep the generated data and outputs (a later run reuses the data)")
	fl.IntSliceVar(&opts.scenarios, "scenarios", nil, "run only these scenarios (numbers, comma-separated)")
	fl.StringVar(&opts.reuseLake, "reuse-lake", "", "read this kept lake of the same scale instead of ingesting one (scenarios 3-10)")
	return cmd
}

func runBench(ctx context.Context, f *Factory, opts *benchOptions) error {
	scale, err := bench.ScaleNamed(opts.scale)
	if err != nil {
		return usageErrorf("--scale: %v", err)
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("cannot find the lakehunt binary to run bench workers: %w", err)
	}
	r := &bench.Runner{
		Scale: scale, Dir: opts.dir, Keep: opts.keep, Scenarios: opts.scenarios, Log: f.Err, ReuseLake: opts.reuseLake,
		Worker: func(spec string) *exec.Cmd { return exec.CommandContext(ctx, self, "bench-worker", spec) },
	}
	rep, runErr := r.Run(ctx)
	if rep == nil || len(rep.Results) == 0 {
		return runErr
	}
	if opts.jsonPath != "" {
		out, err := os.Create(opts.jsonPath)
		if err != nil {
			return err
		}
		if err := rep.WriteJSON(out); err != nil {
			out.Close()
			return err
		}
		if err := out.Close(); err != nil {
			return err
		}
	}
	if err := rep.WriteTable(f.Out); err != nil {
		return err
	}
	return runErr
}

// newCmdBenchWorker is the child side of 'lakehunt bench': it runs one
// measured job and prints its outcome as JSON.
func newCmdBenchWorker(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:    "bench-worker JOB",
		Short:  "Run one benchmark job (used by 'lakehunt bench')",
		Hidden: true,
		Args:   cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return bench.Worker(cmd.Context(), args[0], f.Out)
		},
	}
}
