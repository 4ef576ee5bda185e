package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/query/workflow"
)

func newCmdLakeIndex(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "index",
		Short: "Make the issued-session index of each CloudTrail day that has none",
		Long: `Index makes, for each day of CloudTrail management events whose files have no
index yet, one Parquet file of the day's calls that issue temporary
credentials (AssumeRole*, GetFederationToken, GetSessionToken), already
parsed, under _lakehunt/issued. Session traces (identity chains, the sessions
of 'investigate principal', incidents' evidence) read a day's index instead of
the issuing calls of each of its files, with the same results.

Ingest and 'lake compact' index the days they change; this is for a lake
written before indexes existed, or when their indexing failed. An index
belongs to the files it was made from: a later commit to its day leaves it
unread until the day is indexed again. It takes the writer lock.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			made, err := workflow.IndexIssuedSessions(cmd.Context(), f.Lake, workflow.EngineSettings{})
			if err != nil {
				return err
			}
			fmt.Fprintf(f.Err, "indexed the issued sessions of %d days\n", made)
			return nil
		},
	}
}
