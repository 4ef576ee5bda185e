package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/query/output"
	"github.com/lakehunt/lakehunt/storage/lake"
)

// LakeInfoOptions are the flags of 'lake info'.
type LakeInfoOptions struct {
	Format string
}

func newCmdLakeInfo(f *Factory) *cobra.Command {
	opts := &LakeInfoOptions{}
	cmd := &cobra.Command{
		Use:   "info",
		Short: "Show tables, partitions, files, rows, time range and ingested sources",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			infos, err := lake.Info(f.Lake)
			if err != nil {
				return err
			}
			switch opts.Format {
			case "json":
				enc := json.NewEncoder(f.Out)
				enc.SetIndent("", "  ")
				return enc.Encode(map[string]any{"lake": f.Lake, "tables": infos})
			case "table", "":
				printLakeInfo(f, infos)
				return nil
			default:
				return usageErrorf("unknown format %q (want table or json)", opts.Format)
			}
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "table", "output format: table or json")
	return cmd
}

func printLakeInfo(f *Factory, infos []lake.TableInfo) {
	fmt.Fprintf(f.Out, "lake %s\n\n", f.Lake)
	tw := tabwriter.NewWriter(f.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TABLE\tVIEW\tPARTITIONS\tFILES\tROWS\tBYTES\tFROM\tTO\tSOURCES\tREJECTED\tDROPPED")
	for _, t := range infos {
		from, to := "-", "-"
		if t.MinTime != nil {
			from, to = t.MinTime.Format(time.RFC3339), t.MaxTime.Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\t%s\t%s\t%d\t%d\t%d\n", t.Table, t.View, t.Partitions, t.Files, t.Rows, output.FormatBytes(t.Bytes), from, to, t.Sources, t.Rejected, t.Dropped)
	}
	tw.Flush()
	for _, t := range infos {
		printIngestRules(f, t)
	}
	for _, t := range infos {
		for _, s := range t.Rejections {
			fmt.Fprintf(f.Out, "\n%s: %s: %d of %d records rejected\n", t.Table, s.Name, s.Rejected, s.Records)
			for _, e := range s.Errors {
				fmt.Fprintf(f.Out, "  %s\n", e)
			}
		}
	}
}

// printIngestRules shows what ingest rules dropped from a table, and with
// which rules its sources were read.
func printIngestRules(f *Factory, t lake.TableInfo) {
	if t.Dropped == 0 && len(t.RuleSets) == 0 {
		return
	}
	fmt.Fprintf(f.Out, "\n%s: %d events dropped by ingest rules\n", t.Table, t.Dropped)
	for _, c := range t.DroppedByRule {
		fmt.Fprintf(f.Out, "  %8d  %s\n", c.Events, c.Rule)
	}
	for _, set := range t.RuleSets {
		if set.Fingerprint == "" {
			fmt.Fprintf(f.Out, "  %d sources read without rules\n", set.Sources)
			continue
		}
		fmt.Fprintf(f.Out, "  %d sources read with rules %s:", set.Sources, set.Fingerprint)
		if len(set.Rules) == 0 {
			fmt.Fprint(f.Out, " (not recorded)")
		}
		fmt.Fprintln(f.Out)
		for _, rule := range set.Rules {
			fmt.Fprintf(f.Out, "            %s\n", rule)
		}
	}
}
