package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/query/hunt"
)

// HuntShowOptions are the flags of 'hunt show'.
type HuntShowOptions struct {
	Format string
	Dirs   []string
}

func newCmdHuntShow(f *Factory) *cobra.Command {
	opts := &HuntShowOptions{}
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show a hunt's metadata, parameters and SQL",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pack, err := loadHunts(opts.Dirs)
			if err != nil {
				return err
			}
			h, ok := pack.Get(args[0])
			if !ok {
				return usageErrorf("unknown hunt %s (see 'lakehunt hunt list')", args[0])
			}
			switch opts.Format {
			case "json":
				enc := json.NewEncoder(f.Out)
				enc.SetIndent("", "  ")
				return enc.Encode(h.Meta(true))
			case "text", "":
				printHunt(f, h)
				return nil
			default:
				return usageErrorf("unknown format %q (want text or json)", opts.Format)
			}
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "text", "output format: text or json")
	cmd.Flags().StringArrayVar(&opts.Dirs, "hunts", nil, "directory of extra or overriding hunt files (repeatable)")
	return cmd
}

func printHunt(f *Factory, h *hunt.Hunt) {
	w := f.Out
	fmt.Fprintf(w, "%s: %s\n\n", h.ID, h.Title)
	fmt.Fprintf(w, "%s\n\n", h.Description)
	fmt.Fprintf(w, "severity:    %s\n", h.Severity)
	fmt.Fprintf(w, "source:      %s\n", h.Source)
	fmt.Fprintf(w, "logic:       %s\n", h.Logic)
	if h.Baseline > 0 {
		fmt.Fprintf(w, "baseline:    %s before the window\n", hunt.FormatDuration(h.Baseline))
	}
	fmt.Fprintf(w, "tactics:     %s\n", strings.Join(h.Tactics, ", "))
	fmt.Fprintf(w, "techniques:  %s\n", strings.Join(h.Techniques, ", "))
	fmt.Fprintf(w, "covers:      %s\n", strings.Join(h.Covers, ", "))
	fmt.Fprintf(w, "tags:        %s\n", strings.Join(h.Tags, ", "))
	fmt.Fprintf(w, "file:        %s\n", h.Origin)
	if len(h.Params) > 0 {
		fmt.Fprintln(w, "\nparameters (override with --param name=value):")
		for _, p := range h.Params {
			fmt.Fprintf(w, "  %s (%s) = %q\n      %s\n", p.Name, p.Type, p.Default, p.Doc)
		}
	}
	fmt.Fprintf(w, "\n%s\n", h.SQL)
}
