package bench

import (
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/engine/result"
	"github.com/lakehunt/lakehunt/query/output"
	"github.com/lakehunt/lakehunt/query/workflow"
	"github.com/lakehunt/lakehunt/storage/lake"
)

// scanQuery is one of scenario 4's scans over large partitions.
type scanQuery struct{ name, title, sql string }

var scanQueries = []scanQuery{
	{"count", "count(*) of all flows", `SELECT count(*) FROM vpcflow`},
	{"filter", "filtered count: rejected SSH flows", `SELECT count(*) FROM vpcflow WHERE dst_endpoint.port = 22 AND action = 'Denied'`},
	{"group-by", "group by service and operation", `SELECT api.service.name AS service, api.operation AS operation, count(*) AS n FROM cloudtrail GROUP BY 1, 2`},
	{"top-n", "top 10 sources by bytes", `SELECT src_endpoint.ip AS ip, sum(traffic.bytes) AS bytes FROM vpcflow GROUP BY 1 ORDER BY 2 DESC LIMIT 10`},
}

// windowQuery is scenario 5's question, asked of one day and of the lake.
const windowQuery = `SELECT api.operation, count(*) AS n FROM cloudtrail GROUP BY 1 ORDER BY 2 DESC`

// csvQuery is scenario 7's large result: limit flow rows with the columns
// an analyst exports. The limit is a literal: DuckDB does not bind
// parameters inside COPY.
func csvQuery(limit int64) string {
	return `SELECT time_dt, src_endpoint.ip AS src_ip, src_endpoint.port AS src_port, dst_endpoint.ip AS dst_ip,
  dst_endpoint.port AS dst_port, connection_info.protocol_num AS protocol, traffic.bytes AS bytes, action
FROM vpcflow LIMIT ` + strconv.FormatInt(limit, 10)
}

// drain reads every row of a result and counts them, as a client that
// uses the result would have to.
func drain(rows *result.Rows) (int64, error) {
	defer rows.Close()
	var n int64
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

// querier is what both sides of a scan answer to.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (*result.Rows, error)
}

// rawDB is DuckDB without the engine; its results are converted as the
// engine's are, so both sides pay for the same reading.
type rawDB struct{ db *sql.DB }

func (r rawDB) Query(ctx context.Context, q string, args ...any) (*result.Rows, error) {
	rows, err := r.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return engine.ResultRows(rows)
}

func runScans(ctx context.Context, q querier, repeats int, open float64) (outcome, error) {
	out := outcome{Seconds: open, Detail: map[string]float64{"open": open}}
	for _, sq := range scanQueries {
		var n int64
		secs, err := best(repeats, func() error {
			rows, err := q.Query(ctx, sq.sql)
			if err != nil {
				return err
			}
			n, err = drain(rows)
			return err
		})
		if err != nil {
			return outcome{}, err
		}
		out.Detail[sq.name] = secs
		out.Detail["rows:"+sq.name] = float64(n)
		out.Seconds += secs
		out.Rows += n
	}
	return out, nil
}

func runScan(ctx context.Context, j job) (outcome, error) {
	var e *engine.Engine
	open, err := timed(func() (err error) {
		e, err = workflow.Session{Lake: j.Lake}.Open(ctx)
		return err
	})
	if err != nil {
		return outcome{}, err
	}
	defer e.Close()
	return runScans(ctx, e, j.Repeats, open)
}

// openRawLake is the rival's view of the lake: DuckDB reading the same
// Parquet files directly, by glob, with Hive partitioning.
func openRawLake(ctx context.Context, root string) (*sql.DB, error) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, err
	}
	for _, t := range lake.Tables {
		parts, err := lake.ListPartitions(root, t)
		if err != nil {
			db.Close()
			return nil, err
		}
		if len(parts) == 0 {
			continue // read_parquet fails on a glob without files: the bench data has no data events
		}
		glob := filepath.Join(t.Dir(root), "**", "*"+lake.DataFileSuffix)
		if _, err := db.ExecContext(ctx, `CREATE VIEW `+t.View+` AS SELECT * FROM read_parquet(`+quote(glob)+`, hive_partitioning = true)`); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

func runRivalScan(ctx context.Context, j job) (outcome, error) {
	var db *sql.DB
	open, err := timed(func() (err error) {
		db, err = openRawLake(ctx, j.Lake)
		return err
	})
	if err != nil {
		return outcome{}, err
	}
	defer db.Close()
	return runScans(ctx, rawDB{db}, j.Repeats, open)
}

// runWindow runs windowQuery as `lakehunt query --from --to` does, over
// the job's window (the whole lake when unset); the time counts the
// opening, where the window prunes partitions, and the query.
func runWindow(ctx context.Context, j job) (outcome, error) {
	var n int64
	secs, err := best(j.Repeats, func() error {
		return workflow.Query(ctx, workflow.QueryRequest{
			Session: workflow.Session{Lake: j.Lake, From: j.From, To: j.To},
			SQL:     windowQuery,
			Out:     io.Discard,
			Output:  output.Options{Format: output.CSV},
			AfterStatement: func(_ int, r workflow.StatementResult) {
				n = r.Rows
			},
		})
	})
	if err != nil {
		return outcome{}, err
	}
	return outcome{Seconds: secs, Rows: n}, nil
}

// runCopyCSV exports as `lakehunt query -o FILE.csv` does: DuckDB's COPY.
func runCopyCSV(ctx context.Context, j job) (outcome, error) {
	var n int64
	secs, err := timed(func() error {
		return exportCSV(ctx, j, workflow.QueryRequest{OutputFile: j.Out}, &n)
	})
	return csvOutcome(j.Out, secs, n, err)
}

// runOutputCSV exports through the streaming writer, as `lakehunt query
// --format csv > FILE` does.
func runOutputCSV(ctx context.Context, j job) (outcome, error) {
	var n int64
	secs, err := timed(func() error {
		f, err := os.Create(j.Out)
		if err != nil {
			return err
		}
		err = exportCSV(ctx, j, workflow.QueryRequest{Out: f}, &n)
		if closeErr := f.Close(); err == nil {
			err = closeErr
		}
		return err
	})
	return csvOutcome(j.Out, secs, n, err)
}

// exportCSV runs scenario 7's query into req's output, with the formula
// guard, and counts the rows in n.
func exportCSV(ctx context.Context, j job, req workflow.QueryRequest, n *int64) error {
	req.Session = workflow.Session{Lake: j.Lake}
	req.SQL = csvQuery(j.Limit)
	req.Output = output.Options{Format: output.CSV, CSVFormulaGuard: true}
	req.AfterStatement = func(_ int, r workflow.StatementResult) { *n = r.Rows }
	return workflow.Query(ctx, req)
}

func runRivalCSV(ctx context.Context, j job) (outcome, error) {
	var n int64
	secs, err := timed(func() error {
		db, err := openRawLake(ctx, j.Lake)
		if err != nil {
			return err
		}
		defer db.Close()
		return db.QueryRowContext(ctx, `COPY (`+csvQuery(j.Limit)+`) TO `+quote(j.Out)+` (FORMAT csv, HEADER)`).Scan(&n)
	})
	return csvOutcome(j.Out, secs, n, err)
}

func csvOutcome(path string, secs float64, rows int64, err error) (outcome, error) {
	if err != nil {
		return outcome{}, err
	}
	info, err := os.Stat(path)
	if err != nil {
		return outcome{}, err
	}
	return outcome{Seconds: secs, Rows: rows, Bytes: info.Size()}, nil
}
