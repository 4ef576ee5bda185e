package main

import (
	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/source"
)

// IngestVPCFlowOptions are the flags of 'ingest vpcflow'.
type IngestVPCFlowOptions struct {
	Region    string
	Account   string
	LogFormat string
}

func newCmdIngestVPCFlow(f *Factory, opts *IngestOptions, runF func(*IngestCommand) error) *cobra.Command {
	flowOpts := &IngestVPCFlowOptions{}
	var s3opts *S3IngestOptions
	cmd := &cobra.Command{
		Use:   "vpcflow PATH...",
		Short: "Ingest VPC Flow Logs (text with or without header, gzip, Parquet)",
		Long: `Ingest VPC Flow Logs into aws/VPC_FLOW/2.0/ of the lake as OCSF Network Activity.

Text files may start with a header naming the fields (any order, any subset of
AWS's fields up to the newest version, repeated headers allowed). Headerless
lines of 14, 29, 39 or 40 fields are read as AWS's fields in version order; any
other layout needs --log-format in AWS's LogFormat syntax. Files ending in
.parquet are read as Parquet-delivered flow logs.

Region and account come from the record, else from the S3 key layout of the
file's path (AWSLogs/<account>/vpcflowlogs/<region>/...), else from --region and
--account. Transit Gateway flow logs are rejected with a message naming them.

s3://bucket/prefix arguments are read as for 'ingest cloudtrail', with the
AWSLogs/<acct>/vpcflowlogs/<region>/ layout (plain or Hive-style).`,
		Example: `  lakehunt ingest vpcflow ./AWSLogs/111122223333/vpcflowlogs
  lakehunt ingest vpcflow --log-format '${srcaddr} ${dstaddr} ${dstport} ${action} ${start} ${end}' --account 111122223333 --region us-east-1 flows.txt
  lakehunt ingest vpcflow --drop 'dstport=22 action=REJECT' --drop 'srcaddr=10.0.0.0/8 dstaddr=10.0.0.0/8' ./AWSLogs`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg := ingest.FlowConfig{Region: flowOpts.Region, AccountID: flowOpts.Account}
			if flowOpts.LogFormat != "" {
				format, err := source.ParseLogFormat(flowOpts.LogFormat)
				if err != nil {
					return usageErrorf("invalid --log-format: %v", err)
				}
				cfg.Format = format
			}
			c := &IngestCommand{Name: "vpcflow", Options: opts, Kind: source.VPCFlow, Flows: cfg, S3: s3opts, Args: args}
			if runF != nil {
				return runF(c)
			}
			return c.run(cmd.Context(), f)
		},
	}
	cmd.Flags().StringVar(&flowOpts.Region, "region", "", "region of records that name none, when the path has no S3 key layout")
	cmd.Flags().StringVar(&flowOpts.Account, "account", "", "account of records that name none, when the path has no S3 key layout")
	s3opts = AddS3IngestFlags(cmd.Flags())
	cmd.Flags().StringVar(&flowOpts.LogFormat, "log-format", "", "field layout of headerless files, in AWS's LogFormat syntax (${version} ${account-id} ...)")
	return cmd
}
