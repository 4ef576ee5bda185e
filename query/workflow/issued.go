package workflow

import (
	"context"
	"fmt"
	"io"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/query/output"
	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

// IndexIssuedSessions makes the issued-session index (lake.IssuedIndexPath)
// of each day of the lake whose files have none as they are now, and
// returns how many it made. Ingest and compaction call it after they
// commit: a session trace then reads one parsed file per day instead of
// the issuing calls of every file. It holds the writer lock, so that the
// days' files stay those it indexes; an index it could not make leaves
// that day to the copies, which give the same rows. DuckDB gets 512 MB
// unless settings say otherwise.
func IndexIssuedSessions(ctx context.Context, lakeDir string, settings EngineSettings) (int, error) {
	w, err := lake.OpenWriter(lakeDir)
	if err != nil {
		return 0, err
	}
	defer w.Close()
	opt := settings.options(lakeDir)
	opt.Dialect = engine.DialectDuckDB
	if opt.MemoryLimit == "" {
		// A day's issuing calls are a few MB; ingest, which calls this,
		// stays under 1 GiB.
		opt.MemoryLimit = "512MB"
	}
	eng, err := engine.Open(ctx, opt)
	if err != nil {
		return 0, err
	}
	defer eng.Close()
	made := 0
	for _, d := range eng.MissingIssuedIndexes() {
		if err := ctx.Err(); err != nil {
			return made, err
		}
		sqlText, err := eng.IssuedDaySQL(d)
		if err != nil {
			return made, err
		}
		err = w.WriteIssuedIndex(d.Path, func(out io.Writer) error {
			_, err := write(ctx, eng, sqlText, out, output.Options{Format: output.Parquet})
			return err
		})
		if err != nil {
			return made, fmt.Errorf("cannot index the issued sessions of %s on %s: %w", d.Table.View, d.Day, err)
		}
		made++
	}
	return made, w.PurgeIssuedIndexes()
}

// IndexAfterIngest is IndexIssuedSessions after an ingest of kind whose
// run sum reports: only a CloudTrail ingest that committed changes a
// day's issuing calls.
func IndexAfterIngest(ctx context.Context, lakeDir string, kind source.Kind, sum *ingest.Summary, settings EngineSettings) error {
	if sum == nil || sum.Commits == 0 || kind != source.CloudTrail {
		return nil
	}
	_, err := IndexIssuedSessions(ctx, lakeDir, settings)
	return err
}
