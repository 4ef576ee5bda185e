package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/source"
)

// IngestOptions are the flags shared by the ingest subcommands.
type IngestOptions struct {
	Workers   int
	BatchRows int
	Quiet     bool
	// Format is how each run's summary is printed: text on stderr, or
	// json, one object a line on stdout.
	Format string
	Rules  IngestRuleOptions
}

// IngestCommand is a parsed ingest subcommand, what runF gets in tests of
// the flags.
type IngestCommand struct {
	Name    string // cloudtrail or vpcflow
	Options *IngestOptions
	Kind    source.Kind
	Flows   ingest.FlowConfig
	S3      *S3IngestOptions
	Args    []string
}

// newCmdIngest builds 'ingest'; runF, when set, gets each parsed
// subcommand instead of ingesting.
func newCmdIngest(f *Factory, runF func(*IngestCommand) error) *cobra.Command {
	opts := &IngestOptions{}
	cmd := &cobra.Command{
		Use:   "ingest",
		Short: "Ingest raw AWS logs into the lake",
		Long: `Ingest reads raw logs from files, directories (walked recursively) or stdin ("-")
and commits them to the lake as OCSF 1.1 Parquet partitions. A source already in
the lake (same path, size and modification time) is skipped; the same event
delivered twice is stored once.

Ingest rules drop noise before it is stored: --drop RULE removes the events the
rule matches, --keep RULE keeps only the events some keep rule matches (drop
rules then apply to those), --rules FILE reads "drop RULE" / "keep RULE" lines.
A rule is field=value terms, all of which must match (field!=value negates):
  CloudTrail: principal (ARN, user or role name, session name, principal id),
              eventsource, eventname, useragent, srcaddr, account, region
  VPC Flow:   srcaddr, dstaddr, addr (either), srcport, dstport, port (either),
              action (ACCEPT or REJECT), account, region
Text values are globs (* and ?, case-insensitive), addresses an IP or CIDR,
ports N or N-M; quote a value with spaces. Dropped events are counted per rule
in the summary and in 'lakehunt lake info'. A source is read once: a rerun with
other rules does not read it again, and says so.

Exit status: 0 when everything was ingested, 3 when some records or sources were
rejected (each is reported on stderr with its file and record index), 1 on failure.`,
	}
	fl := cmd.PersistentFlags()
	fl.IntVar(&opts.Workers, "workers", 0, "sources read in parallel (0: one per CPU)")
	fl.IntVar(&opts.BatchRows, "batch-rows", 0, "rows a worker holds in memory before staging them to disk (bounds memory; default 32768)")
	fl.BoolVarP(&opts.Quiet, "quiet", "q", false, "print no progress and no per-record rejections, only the summary")
	fl.StringVar(&opts.Format, "format", "text", "summary format: text (stderr) or json (one object per run on stdout)")
	addIngestRuleFlags(fl, &opts.Rules)
	cmd.AddCommand(newCmdIngestCloudTrail(f, opts, runF), newCmdIngestVPCFlow(f, opts, runF))
	return cmd
}

// request is the pipeline request of a subcommand, without the callbacks
// that print.
func (o *IngestOptions) request(f *Factory, kind source.Kind, flows ingest.FlowConfig) (ingest.Request, error) {
	if o.Format != "text" && o.Format != "json" && o.Format != "" {
		return ingest.Request{}, usageErrorf("--format: want text or json, got %q", o.Format)
	}
	rules, err := o.Rules.rules(kind)
	if err != nil {
		return ingest.Request{}, err
	}
	return ingest.Request{Lake: f.Lake, Kind: kind, Flows: flows, Workers: o.Workers, BatchRows: o.BatchRows, Rules: rules}, nil
}

// run ingests what the subcommand names: s3:// URIs or a queue, else
// local paths.
func (c *IngestCommand) run(ctx context.Context, f *Factory) error {
	if c.S3.WantsS3(c.Args) {
		return IngestFromS3(ctx, f, c.Options, c.S3, c.Kind, c.Flows, c.Args)
	}
	if err := c.S3.CheckLocal(); err != nil {
		return err
	}
	if len(c.Args) == 0 {
		return usageErrorf("ingest %s needs at least one PATH, s3:// URI or --sqs-queue-url", c.Name)
	}
	return ingestLocal(ctx, f, c.Options, c.Kind, c.Flows, c.Args)
}
