package main

import (
	"github.com/spf13/cobra"
)

// IngestOptions are the flags shared by the ingest subcommands.
type IngestOptions struct {
	Workers   int
	BatchRows int
	Quiet     bool
}

func newCmdIngest(f *Factory) *cobra.Command {
	opts := &IngestOptions{}
	cmd := &cobra.Command{
		Use:   "ingest",
		Short: "Ingest raw AWS logs into the lake",
		Long: `Ingest reads raw logs from files, directories (walked recursively) or stdin ("-")
and commits them to the lake as OCSF 1.1 Parquet partitions. A source already in
the lake (same path, size and modification time) is skipped; the same event
delivered twice is stored once.

Exit status: 0 when everything was ingested, 3 when some records or sources were
rejected (each is reported on stderr with its file and record index), 1 on failure.`,
	}
	cmd.PersistentFlags().IntVar(&opts.Workers, "workers", 0, "sources read in parallel (0: one per CPU)")
	cmd.PersistentFlags().IntVar(&opts.BatchRows, "batch-rows", 0, "rows a worker holds in memory before staging them to disk (bounds memory; default 32768)")
	cmd.PersistentFlags().BoolVarP(&opts.Quiet, "quiet", "q", false, "print no progress and no per-record rejections, only the summary")
	cmd.AddCommand(newCmdIngestCloudTrail(f, opts), newCmdIngestVPCFlow(f, opts))
	return cmd
}
