package workflow

import (
	"context"
	"fmt"
	"io"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/query/output"
	"github.com/lakehunt/lakehunt/storage/lake"
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
