package main

import (
	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/query/hunt"
)

func newCmdHunt(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "hunt",
		Short: "List, show and run the hunting pack",
		Long: `The hunting pack is a set of SQL hunts embedded in lakehunt, each a file with
a header (id, title, severity, MITRE ATT&CK ids, data source, parameters, the
catalogue rows it covers) followed by DuckDB SQL over the cloudtrail and
vpcflow views. Every hunt returns findings of one shape: first and last time,
account, region, actor, source IP, a summary, the event count and the
metadata.uid of the evidence events.

Add or override hunts with --hunts DIR: every DIR/*.sql file in the same
format; a hunt with the id of a built-in one replaces it.`,
	}
	cmd.AddCommand(
		newCmdHuntList(f),
		newCmdHuntShow(f),
		newCmdHuntRun(f, nil),
		newCmdHuntImportSigma(f),
	)
	return cmd
}

// loadHunts is the built-in pack plus the --hunts directories.
func loadHunts(dirs []string) (*hunt.Pack, error) {
	return hunt.Load(dirs...)
}
