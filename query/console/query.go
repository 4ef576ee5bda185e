package console

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/engine/result"
	"github.com/lakehunt/lakehunt/query/output"
	"github.com/lakehunt/lakehunt/query/workflow"
)

// queryPage is the SQL page: the editor and a page of the result.
type queryPage struct {
	SQL     string
	Dialect string
	Table   *table
	Page    int
	Prev    template.URL
	Next    template.URL
	Formats []output.Format
	Cap     int
}

// downloadFormats are the formats the pages offer; the data API takes any
// output.ParseFormat knows (Arrow once query/output writes it).
var downloadFormats = []output.Format{output.CSV, output.Parquet, output.JSON}

func (s *Server) handleQueryPage(ctx context.Context, w http.ResponseWriter, r *http.Request, v view) {
	q := r.URL.Query()
	qp := queryPage{SQL: q.Get("sql"), Dialect: q.Get("dialect"), Formats: resultFormats(), Cap: s.opt.MaxRows}
	if qp.Dialect == "" {
		qp.Dialect = string(engine.DialectAthena)
	}
	if qp.SQL == "" {
		qp.SQL = "SELECT api.operation, count(*) AS calls\nFROM cloudtrail\nGROUP BY 1\nORDER BY 2 DESC\nLIMIT 20"
		s.render(w, r, http.StatusOK, "query", page{Title: "SQL", View: v, Data: qp})
		return
	}
	dialect, err := engine.ParseDialect(qp.Dialect)
	if err != nil {
		s.render(w, r, http.StatusBadRequest, "query", page{Title: "SQL", View: v, Data: qp, Error: err.Error()})
		return
	}
	statements := workflow.Statements(qp.SQL)
	if len(statements) != 1 {
		s.render(w, r, http.StatusBadRequest, "query", page{Title: "SQL", View: v, Data: qp,
			Error: fmt.Sprintf("the SQL page runs one statement and this holds %d: run them one at a time", len(statements))})
		return
	}
	qp.Page, _ = strconv.Atoi(q.Get("page"))
	qp.Page = max(qp.Page, 0)
	eng, err := s.open(ctx, v, dialect)
	if err == nil {
		defer eng.Close()
		// Pages are read from the start each time, up to the cap: the
		// statement is the user's, so it is not rewritten.
		end := min((qp.Page+1)*pageSize, s.opt.MaxRows)
		qp.Table, err = s.readTable(ctx, eng, statements[0], nil, end)
	}
	if err != nil {
		status := http.StatusBadRequest
		if ctx.Err() != nil {
			status = http.StatusGatewayTimeout
		}
		s.render(w, r, status, "query", page{Title: "SQL", View: v, Data: qp, Error: err.Error()})
		return
	}
	t := qp.Table
	start := min(qp.Page*pageSize, len(t.Rows))
	more := t.Truncated || len(t.Rows) > start+pageSize
	t.Rows = t.Rows[start:]
	withPage := func(n int) template.URL {
		vals := v.values()
		vals.Set("sql", qp.SQL)
		vals.Set("dialect", qp.Dialect)
		vals.Set("page", strconv.Itoa(n))
		return template.URL(vals.Encode())
	}
	if more && (qp.Page+1)*pageSize < s.opt.MaxRows {
		qp.Next = withPage(qp.Page + 1)
	}
	if qp.Page > 0 {
		qp.Prev = withPage(qp.Page - 1)
	}
	note := ""
	if t.Truncated && (qp.Page+1)*pageSize >= s.opt.MaxRows {
		note = fmt.Sprintf("The console returns at most %d rows: narrow the query, or run it with lakehunt query.", s.opt.MaxRows)
	}
	s.render(w, r, http.StatusOK, "query", page{Title: "SQL", View: v, Data: qp, Note: note})
}

// resultFormats are the download formats: output's, less the terminal
// table (Arrow joins when query/output writes it).
func resultFormats() []output.Format {
	var out []output.Format
	for _, f := range output.ResultFormats {
		if f != output.Table {
			out = append(out, f)
		}
	}
	return out
}

// handleAPIQuery is the data API: sql, dialect, format (csv, json, jsonl,
// parquet, and arrow when query/output writes it) and the view's window
// and filters. GET and POST do the same read-only thing; GET lets a URL be
// shared, POST takes SQL too long for one.
func (s *Server) handleAPIQuery(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := s.ctx(r)
	defer cancel()
	if err := r.ParseForm(); err != nil {
		http.Error(w, "cannot read the request: "+err.Error(), http.StatusBadRequest)
		return
	}
	v, err := s.parseView(ctx, r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	sqlText := r.Form.Get("sql")
	dialect, err := engine.ParseDialect(orDefault(r.Form.Get("dialect"), string(engine.DialectAthena)))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	statements := workflow.Statements(sqlText)
	if len(statements) != 1 {
		http.Error(w, fmt.Sprintf("want one SQL statement in sql=, got %d", len(statements)), http.StatusBadRequest)
		return
	}
	s.download(ctx, w, r, v, dialect, statements[0], nil, "query")
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// download runs a statement and sends its result as a file in the format=
// asked for (CSV by default), at most the cap of rows. An error before the
// first byte is a readable 400; one midway can only cut the stream.
func (s *Server) download(ctx context.Context, w http.ResponseWriter, r *http.Request, v view, dialect engine.Dialect, sqlText string, args []any, name string) {
	format, err := output.ParseFormat(orDefault(r.FormValue("format"), string(output.CSV)), "")
	if err != nil || format == output.Table {
		http.Error(w, fmt.Sprintf("format: %v", orMsg(err, "want a file format")), http.StatusBadRequest)
		return
	}
	eng, err := s.open(ctx, v, dialect)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer eng.Close()
	// The statement starts before any header goes out, so that a SQL
	// error is a status and a message rather than a broken file.
	s.running.Add(1)
	defer s.running.Add(-1)
	rows, err := eng.Query(ctx, sqlText, args...)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	defer rows.Close()
	w.Header().Set("Content-Type", contentType(format))
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name+"."+string(format)))
	w.Header().Set("Trailer", "X-Lakehunt-Truncated")
	limited, c := result.Capped(rows, s.opt.MaxRows)
	if _, err := output.Write(ctx, w, limited, output.Options{Format: format, CSVFormulaGuard: true}); err != nil {
		// Headers are gone: the cut stream and the trailer tell.
		w.Header().Set("X-Lakehunt-Truncated", "error: "+strings.ReplaceAll(err.Error(), "\n", " "))
		return
	}
	w.Header().Set("X-Lakehunt-Truncated", strconv.FormatBool(c.Truncated()))
}

func orMsg(err error, msg string) string {
	if err != nil {
		return err.Error()
	}
	return msg
}

func contentType(f output.Format) string {
	switch f {
	case output.CSV:
		return "text/csv; charset=utf-8"
	case output.JSON:
		return "application/json"
	case output.JSONL:
		return "application/x-ndjson"
	case "arrow":
		return "application/vnd.apache.arrow.stream"
	}
	return "application/octet-stream"
}

// handleEvent shows one event's whole OCSF record, found by its uid.
func (s *Server) handleEvent(ctx context.Context, w http.ResponseWriter, r *http.Request, v view) {
	eng, err := s.open(ctx, view{}, engine.DialectDuckDB)
	if err != nil {
		s.fail(w, r, v, err)
		return
	}
	defer eng.Close()
	t, err := s.readTable(ctx, eng, "SELECT to_json(e) AS record FROM cloudtrail_all e WHERE metadata.uid = ? LIMIT 1", []any{r.PathValue("uid")}, 1)
	if err != nil {
		s.fail(w, r, v, err)
		return
	}
	record := ""
	if len(t.Rows) == 1 {
		record = t.Rows[0][0]
	}
	s.render(w, r, http.StatusOK, "event", page{Title: "Event " + r.PathValue("uid"), View: v, Data: struct{ UID, Record string }{r.PathValue("uid"), record}})
}
