package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/engine/result"
	"github.com/lakehunt/lakehunt/query/output"
	"github.com/lakehunt/lakehunt/query/workflow"
)

// A backslash-escaped quote in an E'...' string does not end it, so the ';'
// after it is text: the statement runs whole, through query and the shell.
func TestQueryEStringIsOneStatement(t *testing.T) {
	out, errOut, code := runCLI(t, "", "--lake", t.TempDir(), "query", "--format", "csv", `SELECT E'a\';b' AS x`)
	if code != exitOK || out != "x\na';b\n" {
		t.Errorf("exit %d, stdout %q, want one row a';b\nstderr:\n%s", code, out, errOut)
	}
}

func TestShellEStringIsOneStatement(t *testing.T) {
	out, errOut, code := runCLI(t, ".mode csv\nSELECT E'a\\';b' AS x;\n/* a /* nested */ comment; */ SELECT 2 AS y;\n", "--lake", t.TempDir(), "shell")
	if code != exitOK || out != "x\na';b\ny\n2\n" {
		t.Errorf("exit %d, stdout %q, want the rows a';b and 2\nstderr:\n%s", code, out, errOut)
	}
}

// shellTestEngine opens an engine over an empty lake, as the shell does.
func shellTestEngine(t *testing.T) *engine.Engine {
	t.Helper()
	eng, err := workflow.Session{Lake: t.TempDir()}.Open(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	return eng
}

func TestShellScript(t *testing.T) {
	script := `SELECT 1 AS a,
  'x;y' AS b;  -- a comment; not a statement
SELECT 42 AS answer; SELECT 'two' AS second
;
.tables
.schema cloudtrail
.mode csv
SELECT 'semi;colon' AS s /* ; */ ;
.timer on
SELECT 7 AS seven;
.quit
SELECT 'never' AS n;
`
	var out, errOut bytes.Buffer
	f := newFactory(strings.NewReader(script), &out, &errOut)
	if code := run(t.Context(), f, []string{"--lake", t.TempDir(), "shell"}); code != exitOK {
		t.Fatalf("exit code %d, stderr:\n%s", code, errOut.String())
	}
	got := out.String()
	for _, want := range []string{
		"│ a │ b   │", "│ 1 │ x;y │", "│ answer │", "│     42 │", "│ two    │",
		"cloudtrail\n", "vpcflow\n", "│ time_dt ", "TIMESTAMP WITH TIME ZONE",
		"s\nsemi;colon\n", "seven\n7\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "never") {
		t.Errorf("statement after .quit ran:\n%s", got)
	}
	if !strings.Contains(errOut.String(), "Run time: ") || strings.Count(errOut.String(), "Run time: ") != 1 {
		t.Errorf("want one timing line after .timer on, stderr:\n%s", errOut.String())
	}
}

func TestShellScriptFailsOnError(t *testing.T) {
	var out, errOut bytes.Buffer
	f := newFactory(strings.NewReader("SELECT nope;\nSELECT 'after' AS a;\nSELECT 'last' AS b"), &out, &errOut)
	if code := run(t.Context(), f, []string{"--lake", t.TempDir(), "shell"}); code != exitError {
		t.Errorf("exit code %d, want %d", code, exitError)
	}
	if !strings.Contains(errOut.String(), "Error: ") || !strings.Contains(errOut.String(), "nope") {
		t.Errorf("stderr lacks the error:\n%s", errOut.String())
	}
	// The script goes on after an error, and runs a last statement without ';'.
	if !strings.Contains(out.String(), "after") || !strings.Contains(out.String(), "last") {
		t.Errorf("later statements did not run:\n%s", out.String())
	}
}

// shellLines is a shellLineSource of fixed lines; an "^C" line stands for
// a line dropped with Ctrl-C.
type shellLines struct{ lines []string }

func (s *shellLines) readLine(string) (string, bool, error) {
	if len(s.lines) == 0 {
		return "", false, io.EOF
	}
	line := s.lines[0]
	s.lines = s.lines[1:]
	return line, line == "^C", nil
}

// shellNotifyingQuerier reports each statement before running it.
type shellNotifyingQuerier struct {
	shellQuerier
	started chan string
}

func (q shellNotifyingQuerier) Query(ctx context.Context, sqlText string, args ...any) (*result.Rows, error) {
	q.started <- sqlText
	return q.shellQuerier.Query(ctx, sqlText, args...)
}

// syncBuffer is written by the session and read by the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestShellInterruptCancelsStatement(t *testing.T) {
	eng := shellTestEngine(t)
	f := func(interactive bool) {
		t.Helper()
		signals := make(chan os.Signal, 1)
		started := make(chan string, 1)
		var out, errOut syncBuffer
		s := &shellSession{
			db: shellNotifyingQuerier{eng, started}, out: &out, errOut: &errOut, signals: signals,
			interactive: interactive, format: output.Table, maxRows: 10, width: func() int { return 80 },
		}
		src := &shellLines{lines: []string{"SELECT count(*) FROM range(1000000000000) a, range(1000) b;", "SELECT 42 AS answer;"}}
		done := make(chan error, 1)
		go func() { done <- s.run(context.Background(), src) }()
		<-started
		signals <- os.Interrupt
		var err error
		select {
		case err = <-done:
		case <-started:
			err = <-done
		case <-time.After(30 * time.Second):
			t.Fatal("the statement was not cancelled")
		}
		if !strings.Contains(errOut.String(), "Interrupted.") {
			t.Errorf("interactive %v: stderr lacks Interrupted.:\n%s", interactive, errOut.String())
		}
		ranNext := strings.Contains(out.String(), "42")
		switch {
		case interactive && (!ranNext || err != nil):
			t.Errorf("interactive: after Ctrl-C the shell should go on: next statement ran %v, error %v", ranNext, err)
		case !interactive && (ranNext || !errors.As(err, new(*exitStatusError))):
			t.Errorf("script: Ctrl-C should stop it with an error: next statement ran %v, error %v", ranNext, err)
		}
	}
	f(true)
	f(false)
}

func TestShellAbortedLineDropsStatement(t *testing.T) {
	eng := shellTestEngine(t)
	var out, errOut bytes.Buffer
	s := &shellSession{db: eng, out: &out, errOut: &errOut, signals: make(chan os.Signal, 1),
		interactive: true, format: output.CSV, maxRows: 10, width: func() int { return 0 }}
	src := &shellLines{lines: []string{"SELECT 'dropped' AS d,", "^C", "SELECT 'kept' AS k;"}}
	if err := s.run(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "k\nkept\n" {
		t.Errorf("output %q, want only the statement after Ctrl-C", got)
	}
}

func TestShellKeysTurnCtrlCIntoEnter(t *testing.T) {
	keys := &shellKeys{r: strings.NewReader("abc\x03")}
	b, err := io.ReadAll(keys)
	if err != nil || string(b) != "abc\r" {
		t.Errorf("read %q, %v; want Ctrl-C as Enter", b, err)
	}
	if !keys.takeInterrupt() || keys.takeInterrupt() {
		t.Error("the interrupt should be reported once")
	}
}

func TestShellHistory(t *testing.T) {
	keys := &shellKeys{r: strings.NewReader("")}
	h := &shellHistory{keys: keys}
	h.Add("SELECT 1;")
	h.Add("SELECT 1;")
	h.Add("   ")
	h.Add("SELECT 2;")
	keys.interrupted = true
	h.Add("dropped with Ctrl-C")
	keys.interrupted = false
	if h.Len() != 2 || h.At(0) != "SELECT 2;" || h.At(1) != "SELECT 1;" {
		t.Errorf("history %q, want the two distinct lines, newest first", h.entries)
	}
}
