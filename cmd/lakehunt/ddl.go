package main

import (
	"os"
	"time"

	"github.com/spf13/cobra"

	s3lake "github.com/lakehunt/lakehunt/storage/s3"
)

// DDLOptions are the flags of 'ddl'.
type DDLOptions struct {
	Engine   string
	Location string
	Region   string
	Database string
	Regions  []string
	Accounts []string
	FirstDay string
}

func newCmdDDL(f *Factory) *cobra.Command {
	opts := &DDLOptions{}
	cmd := &cobra.Command{
		Use:   "ddl --engine athena --location s3://BUCKET[/PREFIX]",
		Short: "Print the CREATE TABLE statements that let Athena query a pushed lake",
		Long: `Ddl prints the Glue/Athena statements for a lake uploaded with 'lakehunt push':
a database and one CREATE EXTERNAL TABLE per table, with the exact columns of
the Parquet files and partition projection on region, accountid and eventday
(no crawler, no MSCK REPAIR). The names are Security Lake's
(amazon_security_lake_glue_db_<region>.amazon_security_lake_table_<region>_...),
so hunts written for Security Lake, and the ones run here, run there unchanged.

Projection enumerates the regions and accounts of the local lake, from its
first day on; name them with --regions, --accounts and --first-day otherwise,
and print the statements again when the lake gains new ones.`,
		Example: `  lakehunt ddl --engine athena --location s3://team-security-lake/lakehunt/ > tables.sql`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Engine != "athena" {
				return usageErrorf("unknown --engine %q (want athena)", opts.Engine)
			}
			if opts.Location == "" {
				return usageErrorf("--location is required: the s3:// URI given to 'lakehunt push'")
			}
			if _, err := s3lake.ParseURI(opts.Location); err != nil {
				return usageErrorf("invalid --location: %v", err)
			}
			region := firstNonEmptyString(opts.Region, os.Getenv("AWS_REGION"), os.Getenv("AWS_DEFAULT_REGION"), "us-east-1")
			ath := s3lake.AthenaOptions{Location: opts.Location, Region: region, Database: opts.Database, Regions: opts.Regions, Accounts: opts.Accounts}
			if opts.FirstDay != "" {
				day, err := time.Parse(time.DateOnly, opts.FirstDay)
				if err != nil {
					return usageErrorf("invalid --first-day %q: want 2024-05-01", opts.FirstDay)
				}
				ath.FirstDay = day
			}
			ath, err := s3lake.AthenaDefaults(f.Lake, ath)
			if err != nil {
				return err
			}
			return s3lake.WriteAthenaDDL(f.Out, ath)
		},
	}
	cmd.Flags().StringVar(&opts.Engine, "engine", "athena", "query engine: athena")
	cmd.Flags().StringVar(&opts.Location, "location", "", "s3:// URI the lake was pushed to")
	cmd.Flags().StringVar(&opts.Region, "aws-region", "", "region of the Glue catalog, naming the database and tables (default: AWS_REGION, else us-east-1)")
	cmd.Flags().StringVar(&opts.Database, "database", "", "Glue database (default: amazon_security_lake_glue_db_<region>; set it where Security Lake itself runs)")
	cmd.Flags().StringSliceVar(&opts.Regions, "regions", nil, "regions partition projection enumerates (default: the lake's)")
	cmd.Flags().StringSliceVar(&opts.Accounts, "accounts", nil, "accounts partition projection enumerates (default: the lake's)")
	cmd.Flags().StringVar(&opts.FirstDay, "first-day", "", "first eventday of the projection range, YYYY-MM-DD (default: the lake's)")
	return cmd
}

func firstNonEmptyString(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
