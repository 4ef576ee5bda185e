package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/query/hunt"
)

// HuntListOptions are the flags of 'hunt list'.
type HuntListOptions struct {
	Format   string
	Dirs     []string
	Tags     []string
	Severity string
	Source   string
}

func newCmdHuntList(f *Factory) *cobra.Command {
	opts := &HuntListOptions{}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the hunts with their metadata",
		Example: `  lakehunt hunt list
  lakehunt hunt list --tag iam --severity high
  lakehunt hunt list --format json | jq '.[] | select(.stateful)'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			pack, err := loadHunts(opts.Dirs)
			if err != nil {
				return err
			}
			filter, err := huntFilter(opts.Tags, opts.Severity, opts.Source)
			if err != nil {
				return err
			}
			hs, err := pack.Select(nil, filter)
			if err != nil {
				return err
			}
			switch opts.Format {
			case "json":
				metas := make([]hunt.Meta, len(hs))
				for i, h := range hs {
					metas[i] = h.Meta(false)
				}
				enc := json.NewEncoder(f.Out)
				enc.SetIndent("", "  ")
				return enc.Encode(metas)
			case "table", "":
				return printHuntTable(f, hs)
			default:
				return usageErrorf("unknown format %q (want table or json)", opts.Format)
			}
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Format, "format", "table", "output format: table or json")
	fl.StringArrayVar(&opts.Dirs, "hunts", nil, "directory of extra or overriding hunt files (repeatable)")
	fl.StringArrayVar(&opts.Tags, "tag", nil, "only hunts with this tag (repeatable: any of them)")
	fl.StringVar(&opts.Severity, "severity", "", "only hunts at least this severe: info, low, medium, high, critical")
	fl.StringVar(&opts.Source, "source", "", "only hunts reading this source: cloudtrail or vpcflow")
	return cmd
}

func huntFilter(tags []string, severity, source string) (hunt.Filter, error) {
	filter := hunt.Filter{Tags: tags}
	if severity != "" {
		s, err := hunt.ParseSeverity(severity)
		if err != nil {
			return filter, usageErrorf("--severity: %v", err)
		}
		filter.MinSeverity = s
	}
	if source != "" {
		s, err := hunt.ParseSource(source)
		if err != nil {
			return filter, usageErrorf("--source: %v", err)
		}
		filter.Source = s
	}
	return filter, nil
}

func printHuntTable(f *Factory, hs []*hunt.Hunt) error {
	tw := tabwriter.NewWriter(f.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tSOURCE\tLOGIC\tTECHNIQUES\tTITLE")
	stateful := 0
	for _, h := range hs {
		if h.Stateful() {
			stateful++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", h.ID, h.Severity, h.Source, h.Logic, strings.Join(h.Techniques, ","), h.Title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(f.Out, "%d hunts, %d stateful\n", len(hs), stateful)
	return err
}
