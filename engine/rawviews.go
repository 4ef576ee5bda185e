package engine

import (
	"context"
	"embed"
	"fmt"
	"sync"
)

// The raw views show a lake table's events in the shape of a table people
// query them by elsewhere, so that SQL written for that table runs here
// unchanged: AWS's Athena tables over raw CloudTrail and VPC Flow Logs
// files, and CloudTrail Lake's event data stores. Each is one SELECT over
// its table's view (so it has the window too) in views/<name>.sql, after
// the helpers of views/raw_macros.sql; the translator maps the names
// people give those tables to them (rawTableName).
//
// They are defined when a statement first names one, not at Open, as
// everything else is (definitions.go): defining the three took 20-25 ms.
//
//go:embed views/*.sql
var rawViewFiles embed.FS

// rawViews lists each raw view with the files that define it, in order.
var rawViews = []struct {
	name  string
	files []string
}{
	{"cloudtrail_logs", []string{"views/cloudtrail_logs.sql"}},
	{"vpc_flow_logs", []string{"views/vpc_flow_logs.sql"}},
	// Built on cloudtrail_logs' table macro.
	{cloudTrailLakeView, []string{"views/cloudtrail_logs.sql", "views/cloudtrail_lake.sql"}},
}

const rawMacrosFile = "views/raw_macros.sql"

// isRawView tells whether name (lower case) is a raw view's.
func isRawView(name string) bool {
	for _, v := range rawViews {
		if v.name == name {
			return true
		}
	}
	return false
}

// rawFilesNeeded returns the files, in the order they run, that define
// the named raw views ("*" for all) and have not run yet.
func (s *definitionState) rawFilesNeeded(names map[string]bool) []string {
	var files []string
	added := map[string]bool{}
	for _, v := range rawViews {
		if !names[v.name] && !names["*"] {
			continue
		}
		for _, file := range append([]string{rawMacrosFile}, v.files...) {
			if !s.ranRaw[file] && !added[file] {
				files, added[file] = append(files, file), true
			}
		}
	}
	return files
}

// rawFileDeps are, by raw view file, the definitions (definitions.go) it
// reads.
var rawFileDeps = sync.OnceValue(func() map[string][]string {
	known := lakeViewNames()
	for _, d := range staticDefinitions() {
		known[d.name] = true
	}
	deps := map[string][]string{}
	for _, v := range rawViews {
		for _, file := range append([]string{rawMacrosFile}, v.files...) {
			text, err := rawViewFiles.ReadFile(file)
			if err != nil {
				panic(err) // embedded
			}
			deps[file] = namesKnown(string(text), known, "")
		}
	}
	return deps
})

// runRawFiles runs the raw view files, in order; the caller holds the
// definitions' lock.
func (e *Engine) runRawFiles(ctx context.Context, files []string) error {
	for _, file := range files {
		text, err := rawViewFiles.ReadFile(file)
		if err != nil {
			return fmt.Errorf("cannot read %s: %w", file, err)
		}
		if _, err := e.db.ExecContext(ctx, string(text)); err != nil {
			return fmt.Errorf("cannot define %s: %w", file, err)
		}
		e.defs.ranRaw[file] = true
	}
	return nil
}
