package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/engine/sqltext"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
)

// runCLI runs the CLI in-process, as a user would from a shell.
func runCLI(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	f := newFactory(strings.NewReader(stdin), &out, &errOut)
	code = run(context.Background(), f, args)
	return out.String(), errOut.String(), code
}

func TestQuickstartShowsTheIncident(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := runCLI(t, "", "quickstart", "--dir", dir)
	if code != 0 {
		t.Fatalf("quickstart exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"StopLogging", "AdministratorAccess", "203.0.113.77", "192.0.2.200", "1288490188",
		"cloudtrail_logging_stopped", "admin_policy_attached", "vpc_port_scan_vertical", "guardduty_disabled"} {
		if !strings.Contains(out, want) {
			t.Errorf("quickstart output lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "lake", "aws", "CLOUD_TRAIL_MGMT", "2.0")); err != nil {
		t.Fatalf("quickstart --dir kept no lake: %v", err)
	}
}

// The "done when", run through the CLI: the corpus ingests to 491
// events of three classes, a rerun changes nothing, every data file sits
// under the Security Lake path pattern, and the Athena examples run unchanged.
func TestCorpusThroughTheCLI(t *testing.T) {
	corpus := sharedcorpus.Dir(t, "corpus")
	root := t.TempDir()
	_, errOut, code := runCLI(t, "", "--lake", root, "ingest", "cloudtrail", "-q", filepath.Join(corpus, "cloudtrail"))
	if code != exitRejected || !strings.Contains(errOut, "rejected 17") {
		t.Fatalf("ingest exit %d, want %d (17 rejected):\n%s", code, exitRejected, errOut)
	}
	classes := func() string {
		out, errOut, code := runCLI(t, "", "--lake", root, "query", "--format", "csv", "select class_uid, count(*) AS n from cloudtrail_all group by 1 order by 1")
		if code != 0 {
			t.Fatalf("query exit %d: %s", code, errOut)
		}
		return out
	}
	const want = "class_uid,n\n3001,45\n3002,31\n6003,415\n"
	if got := classes(); got != want {
		t.Fatalf("classes:\n%s\nwant\n%s", got, want)
	}
	if _, errOut, code := runCLI(t, "", "--lake", root, "ingest", "cloudtrail", filepath.Join(corpus, "cloudtrail")); code != 0 || !strings.Contains(errOut, "12 unchanged") {
		t.Fatalf("rerun exit %d:\n%s", code, errOut)
	}
	if got := classes(); got != want {
		t.Fatalf("classes after rerun:\n%s", got)
	}
	if _, errOut, code := runCLI(t, "", "--lake", root, "ingest", "vpcflow", "-q", filepath.Join(corpus, "vpcflow")); code != exitRejected {
		t.Fatalf("vpcflow ingest exit %d:\n%s", code, errOut)
	}
	out, errOut, code := runCLI(t, "", "--lake", root, "query", "--format", "csv", "select action, connection_info.direction AS direction, count(*) AS n from vpcflow group by all order by all")
	// Lines without a direction (v2 format) count too. NODATA and SKIPDATA
	// lines keep '-' for their action, and for their direction where the
	// format has one, as Security Lake writes them; the CSV writer's
	// formula guard quotes a leading '-'.
	const wantDirections = "action,direction,n\n'-,'-,2\n'-,,4\nAllowed,Inbound,2\nAllowed,Outbound,33\nAllowed,,4\nDenied,Inbound,26\nDenied,Outbound,2\nDenied,,2\n"
	if code != 0 || out != wantDirections {
		t.Errorf("vpcflow directions: exit %d\n%s\nwant\n%s%s", code, out, wantDirections, errOut)
	}

	// Every file under aws/ sits in the Security Lake layout, and the walk
	// sees every file the lake's manifest lists.
	visited := map[string]bool{}
	err := filepath.WalkDir(filepath.Join(root, "aws"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		visited[path] = true
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		parts := strings.Split(filepath.ToSlash(rel), "/")
		if len(parts) != 7 || parts[0] != "aws" || parts[2] != "2.0" || !strings.HasPrefix(parts[3], "region=") ||
			!strings.HasPrefix(parts[4], "accountId=") || !strings.HasPrefix(parts[5], "eventDay=") || !strings.HasSuffix(parts[6], ".zstd.parquet") {
			t.Errorf("file outside the Security Lake layout: %s", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("cannot walk the lake: %v", err)
	}
	for _, table := range lake.Tables {
		committed, _, err := lake.ListFiles(root, table, time.Time{}, time.Time{})
		if err != nil {
			t.Fatalf("%s: %v", table.Source, err)
		}
		// The corpus has management events, S3 data events and flows,
		// but no Lambda data events.
		if len(committed) == 0 && table.Source != lake.LambdaExecution.Source {
			t.Fatalf("%s: no committed files, want some", table.Source)
		}
		for _, f := range committed {
			if !visited[f] {
				t.Errorf("%s: the walk did not see committed file %s", table.Source, f)
			}
		}
	}

	examples, err := os.ReadFile(filepath.Join(corpus, "..", "athena-examples.sql"))
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for _, stmt := range sqltext.Split(string(examples)) {
		n++
		out, errOut, code := runCLI(t, stmt.Text, "--lake", root, "query", "--now", "2024-03-08T00:00:00Z", "--format", "csv")
		if code != 0 {
			t.Fatalf("athena example %d: exit %d: %s", n, code, errOut)
		}
		if n == 1 && strings.Contains(out, "AccessDenied") {
			t.Errorf("athena example 1 finds an AccessDenied event in CLOUD_TRAIL_MGMT:\n%s", out)
		}
		if n == 1 {
			// The corpus's one AccessDenied of that week is an S3 data event
			// (GetObject): Security Lake keeps it in S3_DATA, and so does
			// lakehunt, where the same query finds it.
			s3Data := strings.ReplaceAll(stmt.Text, "_cloud_trail_mgmt_2_0", "_s3_data_2_0")
			out, errOut, code := runCLI(t, s3Data, "--lake", root, "query", "--now", "2024-03-08T00:00:00Z", "--format", "csv")
			if code != 0 || !strings.Contains(out, "AccessDenied") {
				t.Errorf("athena example 1 over S3_DATA: exit %d, no AccessDenied event:\n%s%s", code, out, errOut)
			}
		}
	}
	if n != 3 {
		t.Fatalf("ran %d athena examples, want 3", n)
	}
}

func TestQueryErrorsAndEmptyLake(t *testing.T) {
	lake := t.TempDir()
	f := func(sql string, wantCode int, wantOut, wantErr string) {
		t.Helper()
		out, errOut, code := runCLI(t, "", "--lake", lake, "query", "--format", "csv", sql)
		if code != wantCode || out != wantOut || !strings.Contains(errOut, wantErr) {
			t.Fatalf("query %q: exit %d (want %d)\nstdout %q (want %q)\nstderr %q (want %q)", sql, code, wantCode, out, wantOut, errOut, wantErr)
		}
	}
	f("select count(*) AS n from cloudtrail", 0, "n\n0\n", "")
	f("select count(*) AS n from vpcflow", 0, "n\n0\n", "")
	f("selec 1", exitError, "", "syntax error")
	f("select no_such_column from cloudtrail", exitError, "", "no_such_column")
	// Several statements: each result is printed, in order.
	f("select 1 AS a; select 'x;y' AS b; -- the end", 0, "a\n1\nb\nx;y\n", "")
	f("select 1 AS a; selec 2", exitError, "a\n1\n", "statement 2 of 2")
	if _, errOut, code := runCLI(t, "", "--lake", lake, "query", "-o", filepath.Join(t.TempDir(), "r.csv"), "select 1; select 2"); code != exitUsage || !strings.Contains(errOut, "2 statements") {
		t.Fatalf("-o with two statements: exit %d: %s", code, errOut)
	}
	if _, errOut, code := runCLI(t, "", "--lake", lake, "query", "--format", "nope", "select 1"); code != exitUsage {
		t.Fatalf("bad --format: exit %d: %s", code, errOut)
	}
	// A statement that fails midway leaves no partial file, by COPY or by
	// the streaming writers.
	outDir := t.TempDir()
	for _, name := range []string{"r.csv", "r.jsonl", "r.parquet"} {
		_, errOut, code := runCLI(t, "", "--lake", lake, "query", "-o", filepath.Join(outDir, name),
			"SELECT CASE WHEN range < 100000 THEN range ELSE error('boom') END AS n FROM range(200000)")
		if code != exitError || !strings.Contains(errOut, "boom") {
			t.Fatalf("-o %s: exit %d: %s", name, code, errOut)
		}
	}
	if left, _ := os.ReadDir(outDir); len(left) != 0 {
		t.Errorf("failed queries left %v", left)
	}
}
