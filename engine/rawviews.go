package engine

import (
	"context"
	"embed"
	"fmt"
)

// The raw views show a lake table's events in the shape of a table people
// query them by elsewhere, so that SQL written for that table runs here
// unchanged: AWS's Athena tables over raw CloudTrail and VPC Flow Logs
// files, and CloudTrail Lake's event data stores. Each is one SELECT over
// its table's view (so it has the window too) in views/<name>.sql, defined
// at Open after the table views; the translator maps the names people give
// those tables to them (rawTableName).
//
//go:embed views/*.sql
var rawViewFiles embed.FS

// rawViewSQL lists the files in the order they are run: the helpers the
// views share, then one file per view.
var rawViewSQL = []string{
	"views/raw_macros.sql",
	"views/cloudtrail_logs.sql",
	"views/vpc_flow_logs.sql",
	"views/cloudtrail_lake.sql",
}

// createRawViews defines the raw views and their helpers.
func (e *Engine) createRawViews(ctx context.Context) error {
	for _, name := range rawViewSQL {
		text, err := rawViewFiles.ReadFile(name)
		if err != nil {
			return fmt.Errorf("cannot read %s: %w", name, err)
		}
		if _, err := e.db.ExecContext(ctx, string(text)); err != nil {
			return fmt.Errorf("cannot define %s: %w", name, err)
		}
	}
	return nil
}
