package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/query/hunt"
)

// HuntImportSigmaOptions are the flags of 'hunt import-sigma'.
type HuntImportSigmaOptions struct {
	Out     string
	Verbose bool
}

func newCmdHuntImportSigma(f *Factory) *cobra.Command {
	opts := &HuntImportSigmaOptions{}
	cmd := &cobra.Command{
		Use:   "import-sigma PATH...",
		Short: "Convert SigmaHQ-format CloudTrail rules into hunts",
		Long: `Convert Sigma rules for logsource aws/cloudtrail into hunt files over the OCSF
cloudtrail view. Detection rules become filters: selections (maps, lists of
maps), value lists, wildcards, the modifiers contains, startswith, endswith,
all, exists, re (with i, m, s), cased, neq, cidr, gt/gte/lt/lte, fieldref,
base64, base64offset, windash and the time parts, conditions with and, or,
not, parentheses, "1 of" and "all of". CloudTrail field names map to OCSF
columns (eventName to api.operation, requestParameters.x to a JSON path on
api.request.data, status to the call's outcome...). ATT&CK tags become the
hunt's tactics and techniques; other tags are kept as tags.

Correlation rules (event_count, value_count, temporal, temporal_ordered,
with group-by, timespan, condition and aliases) become threshold and
sequence hunts over the rules they name, by name or id, in the same file
or any other file read; the obsolete "| count() by field > N" with a
timeframe converts as event_count. Global filters narrow the rules they
name. A rule using anything else is refused with the reason.

PATH is a rule file or a directory, read recursively for .yml and .yaml
files (a whole SigmaHQ checkout will do: rules for other log sources are
counted as refused). Hunts are written to DIR/<id>.sql with -o DIR (ready
for 'hunt run --hunts DIR'), else to stdout. The summary on stderr counts
rules converted and refused by reason; -v lists every rule. The exit status
is 3 when a rule was refused.`,
		Example: `  lakehunt hunt import-sigma ./sigma/rules/cloud/aws -o ./my-hunts
  lakehunt hunt import-sigma ./sigma -o ./my-hunts -v
  lakehunt hunt run --all --tag sigma --hunts ./my-hunts --last 7d`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return importSigma(f, opts, args)
		},
	}
	cmd.Flags().StringVarP(&opts.Out, "output", "o", "", "directory to write the hunt files to (default: stdout)")
	cmd.Flags().BoolVarP(&opts.Verbose, "verbose", "v", false, "list every rule with the hunt it became or why it was refused")
	return cmd
}

func importSigma(f *Factory, opts *HuntImportSigmaOptions, paths []string) error {
	names, err := sigmaFiles(paths)
	if err != nil {
		return err
	}
	files := make([]hunt.SigmaFile, 0, len(names))
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		files = append(files, hunt.SigmaFile{Name: name, Data: data})
	}
	imp, err := hunt.ImportSigma(files)
	if err != nil {
		return err
	}
	if opts.Out != "" {
		if err := os.MkdirAll(opts.Out, 0o755); err != nil {
			return err
		}
	}
	for _, h := range imp.Hunts {
		if opts.Out == "" {
			fmt.Fprintf(f.Out, "%s\n", h.Text)
			continue
		}
		if err := os.WriteFile(filepath.Join(opts.Out, h.ID+".sql"), h.Text, 0o644); err != nil {
			return err
		}
	}
	refused := reportSigmaImport(f.Err, imp, opts.Verbose)
	if refused > 0 {
		return &exitStatusError{code: exitRejected}
	}
	return nil
}

// reportSigmaImport writes the summary: rules converted, then refusals
// by reason, most frequent first; verbose, every rule before it. It
// returns how many documents were refused.
func reportSigmaImport(w io.Writer, imp *hunt.SigmaImport, verbose bool) int {
	var rules, correlations, converted, filters, applied int
	byReason := map[string]int{}
	for _, o := range imp.Outcomes {
		if o.Kind == "filter" {
			filters++
		} else {
			rules++
		}
		if o.Kind == "correlation" {
			correlations++
		}
		if o.Refusal != nil {
			byReason[o.Refusal.Kind]++
			if verbose {
				fmt.Fprintf(w, "refused    %v\n", o.Refusal)
			}
			continue
		}
		if o.Kind == "filter" {
			applied++
		} else {
			converted++
		}
		if verbose {
			fmt.Fprintf(w, "converted  %s (%s): %s\n", o.File, o.Rule, o.Hunt)
		}
	}
	fmt.Fprintf(w, "%s read (%s): %d converted into %s, %d refused",
		plural(rules, "rule"), plural(correlations, "correlation"), converted, plural(len(imp.Hunts), "hunt"), rules-converted)
	if filters > 0 {
		fmt.Fprintf(w, "; %d of %d filters applied", applied, filters)
	}
	fmt.Fprintln(w)
	reasons := make([]string, 0, len(byReason))
	for r := range byReason {
		reasons = append(reasons, r)
	}
	sort.Slice(reasons, func(i, j int) bool {
		if byReason[reasons[i]] != byReason[reasons[j]] {
			return byReason[reasons[i]] > byReason[reasons[j]]
		}
		return reasons[i] < reasons[j]
	})
	refused := 0
	for _, r := range reasons {
		fmt.Fprintf(w, "%6d refused: %s\n", byReason[r], r)
		refused += byReason[r]
	}
	return refused
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// sigmaFiles expands directories, recursively, into their .yml and .yaml
// files, skipping hidden directories (.git, .github).
func sigmaFiles(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && path != p && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			ext := strings.ToLower(filepath.Ext(path))
			if !d.IsDir() && (ext == ".yml" || ext == ".yaml") {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if len(files) == 0 {
		return nil, usageErrorf("no .yml or .yaml rule files in %s", strings.Join(paths, ", "))
	}
	return files, nil
}
