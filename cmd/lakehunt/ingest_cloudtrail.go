package main

import (
	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/storage/source"
)

func newCmdIngestCloudTrail(f *Factory, opts *IngestOptions, runF func(*IngestCommand) error) *cobra.Command {
	var s3opts *S3IngestOptions
	cmd := &cobra.Command{
		Use:   "cloudtrail PATH...",
		Short: "Ingest CloudTrail logs (S3 delivery files, NDJSON, lookup-events output)",
		Long: `Ingest CloudTrail records into aws/CLOUD_TRAIL_MGMT/2.0/ of the lake.

Accepted inputs, gzip or plain: the S3 delivery envelope {"Records":[...]}, one
event per line, and the output of 'aws cloudtrail lookup-events'. Digest and
Insight files are skipped and counted in the summary.

Records are placed by recipientAccountId (else userIdentity.accountId) and
awsRegion; a record lacking one goes to accountId=000000000000 or
region=unknown. A record without a usable eventTime, or with one before 2006 or
in the future, is rejected.

s3://bucket/prefix arguments are listed with AWS's key layouts in mind
(AWSLogs/[o-org/]<acct>/CloudTrail/<region>/YYYY/MM/DD/): with --from/--to only the
day folders of the window are listed, digests are never fetched, and objects
already in the lake (same key and ETag) are not fetched again.`,
		Example: `  lakehunt ingest cloudtrail ./AWSLogs
  zcat trail.json.gz | lakehunt ingest cloudtrail -
  lakehunt ingest cloudtrail --from 7d s3://org-trail-bucket/AWSLogs/o-a1b2c3d4e5/
  lakehunt ingest cloudtrail --drop 'principal=*CspmMonitorAws*' --drop 'principal=DefenderForCloud-*' ./AWSLogs`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			c := &IngestCommand{Name: "cloudtrail", Options: opts, Kind: source.CloudTrail, S3: s3opts, Args: args}
			if runF != nil {
				return runF(c)
			}
			return c.run(cmd.Context(), f)
		},
	}
	s3opts = AddS3IngestFlags(cmd.Flags())
	return cmd
}
