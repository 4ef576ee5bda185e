package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func newCmdRoot(f *Factory, p *profiles) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lakehunt",
		Short: "Hunt in AWS CloudTrail and VPC Flow Logs with SQL over a local OCSF Security Lake",
		Long: `lakehunt ingests AWS CloudTrail records and VPC Flow Logs into OCSF 1.1 Parquet
partitions laid out exactly like Amazon Security Lake, and queries them with
embedded DuckDB: Athena-style SQL, a hunting pack and entity investigations.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	defaultLake := os.Getenv("LAKEHUNT_LAKE")
	if defaultLake == "" {
		defaultLake = "./lake"
	}
	cmd.PersistentFlags().StringVar(&f.Lake, "lake", defaultLake, "lake directory (env LAKEHUNT_LAKE)")
	p.addFlags(cmd)
	cmd.PersistentPreRunE = func(c *cobra.Command, args []string) error { return p.start() }
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &usageError{msg: err.Error()}
	})
	cmd.AddCommand(
		newCmdVersion(f),
		newCmdIngest(f, nil),
		newCmdLake(f),
		newCmdGen(f),
		newCmdBench(f),
		newCmdBenchWorker(f),
		newCmdShell(f, nil),
		newCmdHunt(f),
		newCmdIncidents(f, nil),
		newCmdWatch(f, nil),
		newCmdInvestigate(f, nil),
		newCmdQuery(f, nil),
		newCmdServe(f, nil),
		newCmdMCP(f, nil),
		newCmdQuickstart(f),
		newCmdPull(f),
		newCmdPush(f),
		newCmdDDL(f),
	)
	return cmd
}

func run(ctx context.Context, f *Factory, args []string) int {
	var p profiles
	root := newCmdRoot(f, &p)
	root.SetArgs(literalArgs(root, args))
	root.SetIn(f.In)
	root.SetOut(f.Out)
	root.SetErr(f.Err)
	err := root.ExecuteContext(ctx)
	if stopErr := p.stop(); stopErr != nil && err == nil {
		err = fmt.Errorf("cannot write a profile: %w", stopErr)
	}
	if err == nil {
		return exitOK
	}
	var st *exitStatusError
	if !errors.As(err, &st) {
		fmt.Fprintf(f.Err, "lakehunt: %v\n", err)
		if isUsageError(err) {
			fmt.Fprintln(f.Err, "Run 'lakehunt --help' for usage.")
		}
	}
	return exitCodeOf(err)
}
