package main

import "github.com/spf13/cobra"

func newCmdLake(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lake",
		Short: "Inspect and maintain the lake",
	}
	cmd.AddCommand(newCmdLakeInfo(f), newCmdLakeCompact(f), newCmdLakeIndex(f), newCmdLakeVerify(f))
	return cmd
}
