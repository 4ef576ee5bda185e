package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/pflag"

	"github.com/lakehunt/lakehunt/query/workflow"
	"github.com/lakehunt/lakehunt/storage/ingest"
	s3lake "github.com/lakehunt/lakehunt/storage/s3"
	"github.com/lakehunt/lakehunt/storage/source"
)

// S3Options are the flags of every command that talks to AWS. The region
// flag is --aws-region because --region already names a partition region
// elsewhere in lakehunt (ingest vpcflow --region).
type S3Options struct {
	Profile     string
	Region      string
	EndpointURL string
}

func addS3Flags(fs *pflag.FlagSet, o *S3Options) {
	fs.StringVar(&o.Profile, "profile", "", "AWS profile of the shared config and credentials files (default: AWS_PROFILE, else the standard credential chain)")
	fs.StringVar(&o.Region, "aws-region", "", "AWS region of the requests (default: AWS_REGION or the profile's; us-east-1 when none)")
	fs.StringVar(&o.EndpointURL, "endpoint-url", "", "S3-compatible endpoint, addressed path-style (env AWS_ENDPOINT_URL)")
}

func (o *S3Options) client(ctx context.Context) (*s3lake.Client, error) {
	return s3lake.NewClient(ctx, s3lake.Config{Profile: o.Profile, Region: o.Region, EndpointURL: o.EndpointURL})
}

// S3IngestOptions are the flags of 'ingest cloudtrail|vpcflow' for reading
// S3: s3:// arguments, or the objects named by an SQS queue.
type S3IngestOptions struct {
	S3Options
	DayFlags
	Follow      bool
	Interval    time.Duration
	SQSQueueURL string
}

// AddS3IngestFlags adds the S3 flags to an ingest subcommand.
func AddS3IngestFlags(fs *pflag.FlagSet) *S3IngestOptions {
	o := &S3IngestOptions{}
	addS3Flags(fs, &o.S3Options)
	addDayFlags(fs, &o.DayFlags, "s3:// only: the delivery day folders")
	fs.BoolVar(&o.Follow, "follow", false, "s3:// only: keep polling for new objects until interrupted")
	fs.DurationVar(&o.Interval, "interval", time.Minute, "time between polls with --follow")
	fs.StringVar(&o.SQSQueueURL, "sqs-queue-url", "", "ingest the objects named by the S3 event notifications of this SQS queue, until interrupted")
	return o
}

// WantsS3 tells whether an ingest subcommand reads S3 rather than local
// files: an s3:// argument or a queue.
func (o *S3IngestOptions) WantsS3(args []string) bool {
	if o.SQSQueueURL != "" {
		return true
	}
	for _, a := range args {
		if s3lake.IsURI(a) {
			return true
		}
	}
	return false
}

// CheckLocal rejects the S3-only flags on a local ingest.
func (o *S3IngestOptions) CheckLocal() error {
	if o.From != "" || o.To != "" || o.Follow {
		return usageErrorf("--from, --to and --follow apply to s3:// inputs only")
	}
	return nil
}

// IngestFromS3 runs an ingest subcommand over s3:// URIs (once, or with
// --follow until interrupted) or over an SQS queue of S3 event
// notifications, printing each run's summary: exit status 3 when a
// committed run rejected records.
func IngestFromS3(ctx context.Context, f *Factory, opts *IngestOptions, so *S3IngestOptions, kind source.Kind, flows ingest.FlowConfig, args []string) error {
	for _, a := range args {
		if !s3lake.IsURI(a) {
			return usageErrorf("cannot mix local paths and s3:// URIs (%s): ingest them in two runs", a)
		}
	}
	switch {
	case so.SQSQueueURL != "" && len(args) > 0:
		return usageErrorf("--sqs-queue-url takes no PATH arguments: its messages name the objects")
	case so.SQSQueueURL != "" && (so.Follow || so.From != "" || so.To != ""):
		return usageErrorf("--sqs-queue-url cannot be combined with --follow, --from or --to")
	case so.SQSQueueURL == "" && len(args) == 0:
		return usageErrorf("no s3:// URI to ingest")
	case so.Follow && so.Interval <= 0:
		return usageErrorf("--interval must be positive")
	}
	from, to, err := so.window()
	if err != nil {
		return err
	}
	p := newIngestPrinter(f, opts)
	req, err := p.request(opts, kind, flows)
	if err != nil {
		return err
	}
	client, err := so.client(ctx)
	if err != nil {
		return err
	}
	start := time.Now()
	rejected, err := s3lake.Ingest(ctx, s3lake.IngestRequest{
		Client: client, Ingest: req,
		URIs: args, From: from, To: to, Follow: so.Follow, Interval: so.Interval, QueueURL: so.SQSQueueURL,
		OnSummary: func(sum *ingest.Summary) {
			p.summary(sum)
			warnUnindexed(f, workflow.IndexAfterIngest(ctx, f.Lake, kind, sum, workflow.EngineSettings{}))
		},
		OnError: func(err error) { fmt.Fprintf(f.Err, "lakehunt: %v\n", err) },
	})
	if !opts.Quiet {
		req := client.Requests()
		fmt.Fprintf(f.Err, "  s3: %d List and %d Get requests in %s\n", req.List, req.Get, time.Since(start).Round(time.Millisecond))
	}
	if err != nil {
		return err
	}
	if rejected > 0 {
		return &exitStatusError{code: exitRejected}
	}
	return nil
}
