package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/storage/lake"
)

func newCmdLakeVerify(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "verify",
		Short: "Read every data file's footer and check the manifest against the files",
		Long: `Verify opens every data file of the lake, reads its Parquet footer, and checks
that the manifest and the files agree: every committed file present with its
size and row count, no data file outside a commit, one dedup key per row.
It takes the writer lock: it fails while an ingest or compaction runs, and
first finishes a commit that a killed writer recorded but did not finish.
It prints each problem and exits with status 1
when there is any.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			problems, err := lake.Verify(f.Lake)
			if err != nil {
				return err
			}
			for _, p := range problems {
				fmt.Fprintln(f.Out, p)
			}
			if len(problems) > 0 {
				return fmt.Errorf("lake %s: %d problems", f.Lake, len(problems))
			}
			fmt.Fprintf(f.Out, "lake %s: every file and the manifest agree\n", f.Lake)
			return nil
		},
	}
}
