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
// They are defined when a statement first names one, not at Open:
// defining the three took 20-25 ms (DuckDB binds a view's SELECT when it
// is created), a third of the open of a query or hunt that never uses
// them.
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

// rawViewState is what an engine has defined of the raw views. mu also
// guards Engine.mapColumns, which a new view may extend.
type rawViewState struct {
	mu  sync.Mutex
	ran map[string]bool // files run
}

// defineRawViews defines the named raw views ("*" for all) that are not
// defined yet, and reports whether it defined any.
func (e *Engine) defineRawViews(ctx context.Context, names map[string]bool) (bool, error) {
	if len(names) == 0 {
		return false, nil
	}
	s := &e.raw
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ran == nil {
		s.ran = map[string]bool{}
	}
	defined := false
	for _, v := range rawViews {
		if !names[v.name] && !names["*"] {
			continue
		}
		for _, file := range append([]string{rawMacrosFile}, v.files...) {
			if s.ran[file] {
				continue
			}
			text, err := rawViewFiles.ReadFile(file)
			if err != nil {
				return defined, fmt.Errorf("cannot read %s: %w", file, err)
			}
			if _, err := e.db.ExecContext(ctx, string(text)); err != nil {
				return defined, fmt.Errorf("cannot define %s: %w", file, err)
			}
			s.ran[file], defined = true, true
		}
	}
	if defined {
		return true, e.findMapColumns(ctx)
	}
	return false, nil
}
