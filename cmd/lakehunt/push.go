package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/query/output"
	s3lake "github.com/lakehunt/lakehunt/storage/s3"
)

// PushOptions are the flags of 'push'.
type PushOptions struct {
	S3Options
	Delete      bool
	Concurrency int
}

// maxListedStale caps the stale remote files listed on stderr.
const maxListedStale = 20

func newCmdPush(f *Factory) *cobra.Command {
	opts := &PushOptions{}
	cmd := &cobra.Command{
		Use:   "push s3://BUCKET[/PREFIX]",
		Short: "Upload the lake's partitions to S3 for Athena or Spark",
		Long: `Push uploads the committed data files of the local lake to S3 in the same
layout (aws/<source>/<version>/region=.../accountId=.../eventDay=.../), skipping
files already there with the same size. Only data files go up: never the
manifest, dedup keys or unfinished writes. 'lakehunt ddl --engine athena
--location' with the same URI prints the tables that let Athena query them.

Remote data files the lake no longer has (compaction replaced them) would be
read twice by Athena: push lists them, and --delete removes them.`,
		Example: `  lakehunt push s3://team-security-lake/lakehunt/
  lakehunt push s3://team-security-lake/lakehunt/ --delete --profile lake-writer`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := s3lake.ParseURI(args[0]); err != nil {
				return usageErrorf("%v", err)
			}
			client, err := opts.client(cmd.Context())
			if err != nil {
				return err
			}
			sum, err := s3lake.Push(cmd.Context(), client, f.Lake, args[0], s3lake.PushOptions{Delete: opts.Delete, Concurrency: opts.Concurrency})
			if sum != nil && (err == nil || sum.Uploaded+sum.Unchanged > 0) {
				printPushSummary(f, sum)
			}
			if err != nil {
				return fmt.Errorf("push stopped: %w", err)
			}
			return nil
		},
	}
	addS3Flags(cmd.Flags(), &opts.S3Options)
	cmd.Flags().BoolVar(&opts.Delete, "delete", false, "delete remote data files that the local lake no longer has")
	cmd.Flags().IntVar(&opts.Concurrency, "concurrency", 8, "uploads in flight")
	return cmd
}

func printPushSummary(f *Factory, s *s3lake.PushSummary) {
	for i, key := range s.Stale {
		if i == maxListedStale {
			fmt.Fprintf(f.Err, "stale: ... and %d more\n", len(s.Stale)-i)
			break
		}
		fmt.Fprintf(f.Err, "stale: %s is not in the local lake\n", key)
	}
	secs := max(s.Duration.Seconds(), 1e-9)
	fmt.Fprintf(f.Err, "push: %d files uploaded (%s), %d unchanged, %d deleted, %d stale\n",
		s.Uploaded, output.FormatBytes(s.Bytes), s.Unchanged, s.Deleted, len(s.Stale))
	if len(s.Stale) > 0 {
		fmt.Fprintln(f.Err, "  Athena reads stale files as well: rerun with --delete to remove them")
	}
	fmt.Fprintf(f.Err, "  %s, %.1f MB/s\n", s.Duration.Round(time.Millisecond), float64(s.Bytes)/secs/1e6)
}
