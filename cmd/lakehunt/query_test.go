package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/query/output"
	"github.com/lakehunt/lakehunt/query/output/arrowcheck"
	"github.com/lakehunt/lakehunt/query/workflow"
)

// TestQueryFlags parses 'query' arguments into the workflow's request
// without opening the engine.
func TestQueryFlags(t *testing.T) {
	// The results go to the factory's output.
	f := flagTest(t, newCmdQuery, func(fac *Factory, o *QueryOptions) (workflow.QueryRequest, error) {
		sqlText, err := readQuerySQL(fac, o)
		if err != nil {
			return workflow.QueryRequest{}, err
		}
		req, err := o.request(sqlText, flagClock)
		if err == nil && req.Out != fac.Out {
			return req, fmt.Errorf("results go to %v, not the factory's output", req.Out)
		}
		req.Out = nil
		return req, err
	})
	table := output.Options{Format: output.Table, MaxRows: output.DefaultMaxRows, CSVFormulaGuard: true}
	f([]string{"SELECT 1"}, workflow.QueryRequest{
		Session: workflow.Session{Lake: "lake", Dialect: engine.DialectAthena}, SQL: "SELECT 1", Output: table,
	}, "")
	// Without --now the SQL clock runs; relative times count from the clock.
	f([]string{"--format", "csv", "--from", "2d", "--dialect", "duckdb", "--threads", "3", "--memory-limit", "1GB", "--temp-dir", "/spill",
		"--max-rows", "5", "--stats", "--show-sql", "select 1; select 'a;b'"}, workflow.QueryRequest{
		Session: workflow.Session{Lake: "lake", From: flagClock.AddDate(0, 0, -2), Dialect: engine.DialectDuckDB,
			Engine: workflow.EngineSettings{Threads: 3, MemoryLimit: "1GB", TempDir: "/spill"}},
		SQL:    "select 1; select 'a;b'",
		Output: output.Options{Format: output.CSV, MaxRows: 5, CSVFormulaGuard: true}, ShowSQL: true, Stats: true,
	}, "")
	f([]string{"--now", "2024-03-08T00:00:00Z", "--last", "1d", "-o", "out.csv", "--no-formula-guard", "SELECT 1"}, workflow.QueryRequest{
		Session: workflow.Session{Lake: "lake", From: day(7), To: day(8), Dialect: engine.DialectAthena, Engine: workflow.EngineSettings{Now: day(8)}},
		SQL:     "SELECT 1", OutputFile: "out.csv",
		Output: output.Options{Format: output.CSV, MaxRows: output.DefaultMaxRows},
	}, "")
	file := filepath.Join(t.TempDir(), "q.sql")
	if err := os.WriteFile(file, []byte("SELECT 2;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f([]string{"-f", file, "-o", "-"}, workflow.QueryRequest{
		Session: workflow.Session{Lake: "lake", Dialect: engine.DialectAthena}, SQL: "SELECT 2;\n", Output: table,
	}, "")

	f([]string{"--formula-guard", "--no-formula-guard", "SELECT 1"}, workflow.QueryRequest{}, "not both")
	f([]string{"-f", file, "SELECT 1"}, workflow.QueryRequest{}, "not both")
	f([]string{"SELECT 1", "SELECT 2"}, workflow.QueryRequest{}, "accepts at most 1 arg")
	f([]string{"--format", "xml", "SELECT 1"}, workflow.QueryRequest{}, "--format")
	f([]string{"--dialect", "postgres", "SELECT 1"}, workflow.QueryRequest{}, "--dialect")
	f([]string{"--max-rows", "0", "SELECT 1"}, workflow.QueryRequest{}, "--max-rows")
	f([]string{"--to", "2024-03-01", "--from", "2024-03-02", "SELECT 1"}, workflow.QueryRequest{}, "empty window")
	f([]string{"  "}, workflow.QueryRequest{}, "the statement is empty")
}

// TestQueryNowFromEnvironment: LAKEHUNT_NOW pins the SQL clock as --now
// does.
func TestQueryNowFromEnvironment(t *testing.T) {
	t.Setenv("LAKEHUNT_NOW", "2024-03-08T00:00:00Z")
	fac := testFactory()
	var got workflow.QueryRequest
	err := execute(newCmdQuery(fac, func(o *QueryOptions) (err error) {
		got, err = o.request("SELECT now()", flagClock)
		return err
	}), "SELECT now()")
	if err != nil || !got.Engine.Now.Equal(day(8)) {
		t.Fatalf("%v: SQL clock %v, want the environment's", err, got.Engine.Now)
	}
}

// TestQueryTakesALeadingComment runs a query that starts with a comment
// line, as published Athena queries do, with flags before and after it:
// it is the SQL, not an unknown flag.
func TestQueryTakesALeadingComment(t *testing.T) {
	lake := t.TempDir()
	for _, args := range [][]string{
		{"--lake", lake, "query", "-- a comment\nSELECT 1 AS x", "--format", "csv"},
		{"--lake", lake, "query", "--format", "csv", "-- a comment\nSELECT 1 AS x", "--now", "2024-03-08"},
		{"query", "--format=csv", "--lake", lake, "--  Athena: unauthorized calls\n-- second line\nSELECT 1 AS x;"},
	} {
		out, errOut, code := runCLI(t, "", args...)
		if code != 0 || out != "x\n1\n" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want one row", args, code, out, errOut)
		}
	}
}

// TestQueryArrowFileReadsInNode: 'query --format arrow -o FILE' over the
// sample lake, every column of every table (nested structs, lists of
// structs, the unmapped map, timestamps, JSON text), reads in JavaScript's
// apache-arrow with the values 'query --format json' prints.
func TestQueryArrowFileReadsInNode(t *testing.T) {
	modules := arrowcheck.ModulesDir(t)
	dir := t.TempDir()
	if out, errOut, code := runCLI(t, "", "quickstart", "--dir", dir); code != 0 {
		t.Fatalf("quickstart exit %d\n%s\n%s", code, out, errOut)
	}
	lake := filepath.Join(dir, "lake")
	for _, table := range []string{"cloudtrail", "cloudtrail_all", "vpcflow"} {
		sql := "SELECT * FROM " + table + " ORDER BY time, metadata.uid"
		if table == "vpcflow" {
			sql = "SELECT * FROM vpcflow ORDER BY ALL"
		}
		file := filepath.Join(t.TempDir(), table+".arrow")
		if _, errOut, code := runCLI(t, "", "--lake", lake, "query", "--dialect", "duckdb", "-o", file, sql); code != 0 {
			t.Fatalf("query -o %s: exit %d: %s", file, code, errOut)
		}
		want, errOut, code := runCLI(t, "", "--lake", lake, "query", "--dialect", "duckdb", "--format", "json", sql)
		if code != 0 {
			t.Fatalf("query --format json: exit %d: %s", code, errOut)
		}
		if strings.Count(want, "\n") < 10 {
			t.Fatalf("%s: too few rows to compare:\n%s", table, want)
		}
		got := arrowcheck.Read(t, modules, file)
		if err := arrowcheck.Compare(got, []byte(want)); err != nil {
			t.Errorf("%s: %v", table, err)
		}
	}
}
