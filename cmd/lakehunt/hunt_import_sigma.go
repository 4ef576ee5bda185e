package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/query/hunt"
)

// HuntImportSigmaOptions are the flags of 'hunt import-sigma'.
type HuntImportSigmaOptions struct {
	Out string
}

var huntIDLine = regexp.MustCompile(`(?m)^-- id: ([a-z0-9_]+)$`)

func newCmdHuntImportSigma(f *Factory) *cobra.Command {
	opts := &HuntImportSigmaOptions{}
	cmd := &cobra.Command{
		Use:   "import-sigma PATH...",
		Short: "Convert SigmaHQ-format CloudTrail rules into hunts",
		Long: `Convert Sigma rules for logsource aws/cloudtrail into hunt files over the OCSF
cloudtrail view. Selections (maps, lists of maps), value lists, the modifiers
contains, startswith, endswith, re, all and exists, conditions with and, or,
not, parentheses, "1 of" and "all of", and "count(field) by field > N" with a
timeframe are converted; CloudTrail field names map to OCSF columns
(eventName to api.operation, requestParameters.x to a JSON path on
api.request.data...). A rule using anything else is refused with the reason.

PATH is a rule file or a directory of .yml/.yaml files. Hunts are written to
DIR/<id>.sql with -o DIR (ready for 'hunt run --hunts DIR'), else to stdout.
The exit status is 3 when a rule was refused.`,
		Example: `  lakehunt hunt import-sigma ./rules/cloudtrail -o ./my-hunts
  lakehunt hunt run --all --tag sigma --hunts ./my-hunts --last 7d`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return importSigma(f, opts, args)
		},
	}
	cmd.Flags().StringVarP(&opts.Out, "output", "o", "", "directory to write the hunt files to (default: stdout)")
	return cmd
}

func importSigma(f *Factory, opts *HuntImportSigmaOptions, paths []string) error {
	files, err := sigmaFiles(paths)
	if err != nil {
		return err
	}
	if opts.Out != "" {
		if err := os.MkdirAll(opts.Out, 0o755); err != nil {
			return err
		}
	}
	converted, refused := 0, 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		text, err := hunt.ConvertSigma(name, data)
		var refusal *hunt.SigmaRefusal
		switch {
		case errors.As(err, &refusal):
			fmt.Fprintln(f.Err, refusal)
			refused++
			continue
		case err != nil:
			return err
		}
		converted++
		if opts.Out == "" {
			fmt.Fprintf(f.Out, "%s\n", text)
			continue
		}
		id := huntIDLine.FindSubmatch(text)[1]
		if err := os.WriteFile(filepath.Join(opts.Out, string(id)+".sql"), text, 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(f.Err, "%d rules converted, %d refused\n", converted, refused)
	if refused > 0 {
		return &exitStatusError{code: exitRejected}
	}
	return nil
}

// sigmaFiles expands directories into their .yml and .yaml files.
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
