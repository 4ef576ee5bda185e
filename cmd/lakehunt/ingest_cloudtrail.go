package main

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/source"
)

func newCmdIngestCloudTrail(f *Factory, opts *IngestOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "cloudtrail PATH...",
		Short: "Ingest CloudTrail logs (S3 delivery files, NDJSON, lookup-events output)",
		Long: `Ingest CloudTrail records into aws/CLOUD_TRAIL_MGMT/2.0/ of the lake.

Accepted inputs, gzip or plain: the S3 delivery envelope {"Records":[...]}, one
event per line, and the output of 'aws cloudtrail lookup-events'. Digest and
Insight files are skipped and counted in the summary.

Records are placed by recipientAccountId (else userIdentity.accountId) and
awsRegion; a record lacking one goes to accountId=000000000000 or
region=unknown. A record without a usable eventTime, or with one before 2006 or
in the future, is rejected.`,
		Example: `  lakehunt ingest cloudtrail ./AWSLogs
  zcat trail.json.gz | lakehunt ingest cloudtrail -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sources, skipped, err := source.Expand(source.CloudTrail, args, f.In)
			if err != nil {
				return err
			}
			pipe := ingest.CloudTrailOptions(time.Now())
			return runIngest(cmd.Context(), f, opts, sources, skipped, pipe)
		},
	}
}
