package bench

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"sync/atomic"

	// The benchmark harness is the one place besides engine that links
	// DuckDB directly: the rival pipelines are plain DuckDB, without
	// lakehunt's engine layer, by definition.
	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/lakehunt/lakehunt/query/workflow"
	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/source"
)

func runIngestCloudTrail(ctx context.Context, j job) (outcome, error) {
	return runIngest(ctx, j, source.CloudTrail)
}

func runIngestVPCFlow(ctx context.Context, j job) (outcome, error) {
	return runIngest(ctx, j, source.VPCFlow)
}

// runIngest is `lakehunt ingest` without the CLI: the same workflow.
func runIngest(ctx context.Context, j job, kind source.Kind) (outcome, error) {
	var sum *ingest.Summary
	var firstReject atomic.Value
	req := ingest.Request{Lake: j.Lake, Kind: kind, OnReject: func(r ingest.Rejection) { firstReject.CompareAndSwap(nil, r.String()) }}
	secs, err := timed(func() (err error) {
		// AWSLogs/ only: _incidents.json sits beside it.
		sum, err = ingest.Paths(ctx, req, []string{filepath.Join(j.Raw, "AWSLogs")}, nil)
		if err == nil {
			// As 'lakehunt ingest' does after it commits.
			err = workflow.IndexAfterIngest(ctx, j.Lake, kind, sum, workflow.EngineSettings{})
		}
		return err
	})
	if err != nil {
		return outcome{}, err
	}
	if sum.Rejected > 0 {
		return outcome{}, fmt.Errorf("%d records rejected, the first: %v", sum.Rejected, firstReject.Load())
	}
	return outcome{Seconds: secs, Rows: sum.Events, Bytes: sum.BytesRead, Detail: map[string]float64{
		"sources": float64(sum.Sources), "files": float64(sum.Files), "commits": float64(sum.Commits),
	}}, nil
}

func runRivalIngestCloudTrail(ctx context.Context, j job) (outcome, error) {
	return runRivalCopy(ctx, cloudTrailRivalSQL(filepath.Join(j.Raw, "AWSLogs", "*", "CloudTrail", "**", "*.json.gz"), j.Out), j.Out)
}

func runRivalIngestVPCFlow(ctx context.Context, j job) (outcome, error) {
	return runRivalCopy(ctx, flowRivalSQL(filepath.Join(j.Raw, "AWSLogs", "*", "vpcflowlogs", "**", "*.log.gz"), j.Out), j.Out)
}

// runRivalCopy runs one COPY in a fresh in-memory DuckDB with its
// defaults (all cores, 80% of RAM), as a user would.
func runRivalCopy(ctx context.Context, copySQL, out string) (outcome, error) {
	var rows int64
	secs, err := timed(func() error {
		db, err := sql.Open("duckdb", "")
		if err != nil {
			return err
		}
		defer db.Close()
		return db.QueryRowContext(ctx, copySQL).Scan(&rows)
	})
	if err != nil {
		return outcome{}, err
	}
	size, files, err := treeSize(out, ".parquet")
	if err != nil {
		return outcome{}, err
	}
	return outcome{Seconds: secs, Rows: rows, Bytes: size, Detail: map[string]float64{"files": float64(files)}}, nil
}

// treeSize sums the sizes of the files under dir whose names end with suffix.
func treeSize(dir, suffix string) (size int64, files int, err error) {
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, suffix) {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		size += info.Size()
		files++
		return nil
	})
	return size, files, err
}
