package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/query/output"
	"github.com/lakehunt/lakehunt/storage/lake"
	s3lake "github.com/lakehunt/lakehunt/storage/s3"
)

// PullOptions are the flags of 'pull'.
type PullOptions struct {
	S3Options
	DayFlags
	Concurrency int
}

// maxListedSkips caps the skipped and rejected objects listed on stderr.
const maxListedSkips = 100

func newCmdPull(f *Factory) *cobra.Command {
	opts := &PullOptions{}
	cmd := &cobra.Command{
		Use:   "pull s3://BUCKET[/PREFIX]",
		Short: "Copy Security Lake partitions from S3 into the local lake",
		Long: `Pull copies the Parquet files of Amazon Security Lake (source version 2)
partitions from S3 into the local lake, so hunts run locally over a real
Security Lake. The URI is a Security Lake bucket or prefix: above aws/, at a
table (aws/CLOUD_TRAIL_MGMT/2.0/ or aws/VPC_FLOW/2.0/), or inside one
(.../region=us-east-1/). --from and --to select eventDay partitions, listing
only the day folders of the window.

Files are committed like ingested ones, with each object's key and ETag in the
manifest: pulling again fetches only new objects. Partition values and file
names from keys are checked before they become paths; keys that fail are
skipped and listed.

Exit status: 0 when every object was copied, 3 when some were not OCSF Parquet
(listed on stderr), 1 on failure.`,
		Example: `  lakehunt pull s3://aws-security-data-lake-us-east-1-abcdef/aws/CLOUD_TRAIL_MGMT/2.0/ --from 2024-03-01 --to 2024-03-08
  lakehunt pull s3://aws-security-data-lake-us-east-1-abcdef/ --from 7d --profile security-audit`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			from, to, err := opts.window()
			if err != nil {
				return err
			}
			if _, err := s3lake.ParseURI(args[0]); err != nil {
				return usageErrorf("%v", err)
			}
			client, err := opts.client(cmd.Context())
			if err != nil {
				return err
			}
			w, err := lake.OpenWriter(f.Lake)
			if err != nil {
				return err
			}
			sum, err := s3lake.Pull(cmd.Context(), client, w, args[0], s3lake.PullOptions{From: from, To: to, Concurrency: opts.Concurrency})
			// The lock is released first: indexing takes it again.
			w.Close()
			if sum != nil && (err == nil || sum.Files+sum.Unchanged+len(sum.Skipped)+len(sum.Rejected) > 0) {
				printPullSummary(f, sum)
			}
			if sum != nil && sum.Commits > 0 {
				indexIssuedSessions(cmd.Context(), f)
			}
			if err != nil {
				return fmt.Errorf("pull stopped: %w", err)
			}
			if len(sum.Rejected) > 0 {
				return &exitStatusError{code: exitRejected}
			}
			return nil
		},
	}
	addS3Flags(cmd.Flags(), &opts.S3Options)
	addDayFlags(cmd.Flags(), &opts.DayFlags, "eventDays to copy")
	cmd.Flags().IntVar(&opts.Concurrency, "concurrency", 8, "downloads in flight")
	return cmd
}

func printPullSummary(f *Factory, s *s3lake.PullSummary) {
	for i, sk := range s.Skipped {
		if i == maxListedSkips {
			fmt.Fprintf(f.Err, "skipped: ... and %d more\n", len(s.Skipped)-i)
			break
		}
		fmt.Fprintf(f.Err, "skipped: %s: %s\n", sk.Name, sk.Reason)
	}
	for _, r := range s.Rejected {
		fmt.Fprintf(f.Err, "rejected: %s\n", r.Reason)
	}
	secs := max(s.Duration.Seconds(), 1e-9)
	fmt.Fprintf(f.Err, "pull: %d files (%s, %d rows) in %d commits; %d unchanged, %d skipped, %d rejected\n",
		s.Files, output.FormatBytes(s.Bytes), s.Rows, s.Commits, s.Unchanged, len(s.Skipped), len(s.Rejected))
	fmt.Fprintf(f.Err, "  %s, %.0f files/s, %.1f MB/s\n", s.Duration.Round(time.Millisecond), float64(s.Files)/secs, float64(s.Bytes)/secs/1e6)
}
