package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/lakehunt/lakehunt/engine/result"
	"github.com/lakehunt/lakehunt/engine/sqltext"
	"github.com/lakehunt/lakehunt/query/output"
	"github.com/lakehunt/lakehunt/query/workflow"
)

// ShellOptions are the flags of 'shell'.
type ShellOptions struct {
	Factory *Factory

	Dialect string
	MaxRows int
	Engine  *EngineFlags
}

// newCmdShell builds 'shell'; runF, when set, gets the parsed options
// instead of starting the session (for tests of the flags).
func newCmdShell(f *Factory, runF func(*ShellOptions) error) *cobra.Command {
	opts := &ShellOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "shell",
		Short: "Interactive SQL prompt over the lake",
		Long: `shell reads SQL statements, each ended by ';' and possibly spanning lines,
and prints their results. Input is edited in place with history (up and
down arrows) when it comes from a terminal; otherwise statements are read
as a script.

Ctrl-C cancels the running statement and returns to the prompt (in a
script, it stops the script); at the prompt it discards the statement being
typed. Ctrl-D or .quit leaves.

--from/--to (or --last) restrict the views to the window [from, to), as for
'lakehunt query'; --now pins CURRENT_TIMESTAMP and now().

Commands:
  .tables              list the tables
  .schema [NAME]       show the columns of NAME, or of every table
  .timer on|off        print how long each statement took
  .mode FORMAT         table (default), csv, json or jsonl
  .help                show this help
  .quit                leave`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runShell(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	addDialectFlag(fl, &opts.Dialect)
	fl.IntVar(&opts.MaxRows, "max-rows", output.DefaultMaxRows, "rows a table shows")
	opts.Engine = addEngineFlags(fl)
	return cmd
}

// session turns the flags into the SQL session the shell opens; relative
// times count from --now, else from clock.
func (o *ShellOptions) session(clock time.Time) (workflow.Session, error) {
	if o.MaxRows < 1 {
		return workflow.Session{}, usageErrorf("--max-rows must be 1 or more")
	}
	dialect, err := parseDialect(o.Dialect)
	if err != nil {
		return workflow.Session{}, err
	}
	ew, err := o.Engine.resolve(clock)
	if err != nil {
		return workflow.Session{}, err
	}
	return workflow.Session{Lake: o.Factory.Lake, From: ew.From, To: ew.To, Dialect: dialect, Engine: ew.Settings}, nil
}

func runShell(ctx context.Context, opts *ShellOptions) error {
	f := opts.Factory
	session, err := opts.session(time.Now().UTC())
	if err != nil {
		return err
	}
	eng, err := session.Open(ctx)
	if err != nil {
		return err
	}
	defer eng.Close()

	// main's context ends at the first Ctrl-C, but here Ctrl-C only cancels
	// the running statement, so the session outlives it and watches the
	// signals itself.
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)

	s := &shellSession{
		db:      eng,
		out:     f.Out,
		errOut:  f.Err,
		signals: signals,
		format:  output.Table,
		maxRows: opts.MaxRows,
		width:   f.TerminalWidth,
	}
	var src shellLineSource
	if stdin, ok := f.In.(*os.File); ok && term.IsTerminal(int(stdin.Fd())) && f.StdoutIsTerminal() {
		s.interactive = true
		fmt.Fprintf(f.Err, "lakehunt %s shell over %s. End statements with ';', .help for commands, Ctrl-D to leave.\n", version, f.Lake)
		src = newShellTerminal(stdin, f.Out.(*os.File))
	} else {
		src = &shellScript{r: bufio.NewReader(f.In)}
	}
	return s.run(context.WithoutCancel(ctx), src)
}

// shellQuerier is the part of engine.Engine the shell uses.
type shellQuerier interface {
	Query(ctx context.Context, sqlText string, args ...any) (*result.Rows, error)
}

// shellSession runs statements and dot-commands read from a shellLineSource.
type shellSession struct {
	db          shellQuerier
	out, errOut io.Writer
	signals     <-chan os.Signal
	interactive bool
	format      output.Format
	maxRows     int
	width       func() int
	timer       bool
	failed      bool // a statement failed: a script exits with an error
	quit        bool
}

// shellLineSource yields input lines without their line end. aborted
// reports a line discarded with Ctrl-C.
type shellLineSource interface {
	readLine(prompt string) (line string, aborted bool, err error)
}

const (
	shellPrompt         = "lakehunt> "
	shellContinuePrompt = "     ...> "
)

func (s *shellSession) run(ctx context.Context, src shellLineSource) error {
	var split sqltext.Splitter
	for !s.quit {
		prompt := shellPrompt
		if split.Pending() {
			prompt = shellContinuePrompt
		}
		line, aborted, err := src.readLine(prompt)
		if aborted {
			split = sqltext.Splitter{}
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("cannot read input: %w", err)
		}
		if !split.Pending() && strings.HasPrefix(strings.TrimSpace(line), ".") {
			s.dotCommand(ctx, strings.TrimSpace(line))
		} else {
			for _, stmt := range split.Feed(line + "\n") {
				if s.execute(ctx, stmt.Text); s.quit {
					break
				}
			}
		}
		if errors.Is(err, io.EOF) {
			// A script's last statement may lack its ';'.
			if stmt, ok := split.Flush(); ok && !s.quit {
				s.execute(ctx, stmt.Text)
			}
			break
		}
	}
	if s.failed && !s.interactive {
		return &exitStatusError{code: exitError}
	}
	return nil
}

// execute runs one statement and prints its result, cancelling it on
// Ctrl-C (SIGINT) or SIGTERM.
func (s *shellSession) execute(ctx context.Context, stmt string) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stopWatching := s.watchSignals(cancel)
	start := time.Now()
	err := s.query(ctx, stmt, output.Options{Format: s.format, Width: s.width(), MaxRows: s.maxRows})
	elapsed := time.Since(start)
	sig := stopWatching()
	switch {
	case sig != nil:
		fmt.Fprintln(s.errOut, "Interrupted.")
		s.failed = true
		// A script stops at Ctrl-C, and everything stops at SIGTERM.
		s.quit = !s.interactive || sig == syscall.SIGTERM
	case err != nil:
		fmt.Fprintf(s.errOut, "Error: %v\n", err)
		s.failed = true
	}
	if s.timer {
		fmt.Fprintf(s.errOut, "Run time: %.3fs\n", elapsed.Seconds())
	}
}

func (s *shellSession) query(ctx context.Context, stmt string, opt output.Options) error {
	rows, err := s.db.Query(ctx, stmt)
	if err != nil {
		return err
	}
	_, err = output.Write(ctx, s.out, rows, opt)
	return errors.Join(err, rows.Close())
}

// watchSignals cancels the statement on a signal until the returned
// function is called; that function reports the signal, if any. A signal
// left over from before the statement is dropped.
func (s *shellSession) watchSignals(cancel context.CancelFunc) func() os.Signal {
	for len(s.signals) > 0 {
		<-s.signals
	}
	done := make(chan struct{})
	var got os.Signal
	var wg sync.WaitGroup
	wg.Go(func() {
		select {
		case got = <-s.signals:
			cancel()
		case <-done:
		}
	})
	return func() os.Signal {
		close(done)
		wg.Wait()
		return got
	}
}

// dotCommand runs a line starting with '.'.
func (s *shellSession) dotCommand(ctx context.Context, line string) {
	name, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	switch name {
	case ".quit", ".exit":
		s.quit = true
	case ".help":
		fmt.Fprint(s.out, shellHelp)
	case ".tables":
		names, err := s.tableNames(ctx)
		if err != nil {
			fmt.Fprintf(s.errOut, "Error: %v\n", err)
			s.failed = true
			return
		}
		for _, n := range names {
			fmt.Fprintln(s.out, n)
		}
	case ".schema":
		s.schema(ctx, arg)
	case ".timer":
		switch arg {
		case "on":
			s.timer = true
		case "off":
			s.timer = false
		default:
			fmt.Fprintln(s.errOut, "Usage: .timer on|off")
		}
	case ".mode":
		format, err := output.ParseFormat(arg, "")
		if err != nil || arg == "" || format.Binary() {
			fmt.Fprintln(s.errOut, "Usage: .mode table|csv|json|jsonl")
			return
		}
		s.format = format
	default:
		fmt.Fprintf(s.errOut, "Unknown command %s; .help lists the commands.\n", name)
	}
}

const shellHelp = `.tables              list the tables
.schema [NAME]       show the columns of NAME, or of every table
.timer on|off        print how long each statement took
.mode FORMAT         table, csv, json or jsonl
.quit                leave (also Ctrl-D)
`

func (s *shellSession) tableNames(ctx context.Context) ([]string, error) {
	rows, err := s.db.Query(ctx, "SELECT view_name FROM duckdb_views() WHERE NOT internal UNION SELECT table_name FROM duckdb_tables() ORDER BY 1")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// shellPlainName is a name that needs no quoting; such names are passed
// unquoted so that the engine can still map Glue table names.
var shellPlainName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func (s *shellSession) schema(ctx context.Context, name string) {
	names := []string{name}
	if name == "" {
		var err error
		if names, err = s.tableNames(ctx); err != nil {
			fmt.Fprintf(s.errOut, "Error: %v\n", err)
			s.failed = true
			return
		}
	}
	for i, n := range names {
		ref := n
		if !shellPlainName.MatchString(n) {
			ref = `"` + strings.ReplaceAll(n, `"`, `""`) + `"`
		}
		if i > 0 {
			fmt.Fprintln(s.out)
		}
		if len(names) > 1 {
			fmt.Fprintln(s.out, n)
		}
		stmt := "SELECT column_name, column_type, \"null\" AS nullable FROM (DESCRIBE " + ref + ")"
		if err := s.query(ctx, stmt, output.Options{Format: output.Table, Width: s.width(), MaxRows: 100_000}); err != nil {
			fmt.Fprintf(s.errOut, "Error: %v\n", err)
			s.failed = true
		}
	}
}

// shellScript reads lines from a non-terminal input.
type shellScript struct {
	r *bufio.Reader
}

func (s *shellScript) readLine(string) (string, bool, error) {
	line, err := s.r.ReadString('\n')
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	return line, false, err
}

// shellTerminal edits lines on a terminal with golang.org/x/term, in raw
// mode only while a line is typed so that Ctrl-C during a statement is a
// signal again.
type shellTerminal struct {
	in     *os.File
	out    *os.File
	keys   *shellKeys
	editor *term.Terminal
}

func newShellTerminal(in, out *os.File) *shellTerminal {
	keys := &shellKeys{r: in}
	editor := term.NewTerminal(struct {
		io.Reader
		io.Writer
	}{keys, out}, shellPrompt)
	editor.History = &shellHistory{keys: keys}
	return &shellTerminal{in: in, out: out, keys: keys, editor: editor}
}

func (t *shellTerminal) readLine(prompt string) (string, bool, error) {
	fd := int(t.in.Fd())
	state, err := term.MakeRaw(fd)
	if err != nil {
		return "", false, err
	}
	defer term.Restore(fd, state)
	if w, h, err := term.GetSize(int(t.out.Fd())); err == nil {
		t.editor.SetSize(w, h)
	}
	t.editor.SetPrompt(prompt)
	line, err := t.editor.ReadLine()
	if errors.Is(err, term.ErrPasteIndicator) {
		err = nil
	}
	return line, t.keys.takeInterrupt(), err
}

// shellKeys passes keystrokes to the line editor, turning Ctrl-C into
// Enter and noting it: x/term's editor treats Ctrl-C as end of input,
// while a shell should only drop the line being typed.
type shellKeys struct {
	r           io.Reader
	mu          sync.Mutex
	interrupted bool
}

func (k *shellKeys) Read(p []byte) (int, error) {
	n, err := k.r.Read(p)
	for i := range p[:n] {
		if p[i] == 0x03 {
			p[i] = '\r'
			k.mu.Lock()
			k.interrupted = true
			k.mu.Unlock()
		}
	}
	return n, err
}

func (k *shellKeys) takeInterrupt() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	was := k.interrupted
	k.interrupted = false
	return was
}

func (k *shellKeys) pending() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.interrupted
}

// shellHistory keeps the lines typed in this session, newest first, for
// the up and down keys; lines dropped with Ctrl-C, blank lines and
// repeats of the previous line are left out. It is not saved: queries can
// hold sensitive values.
type shellHistory struct {
	keys    *shellKeys
	entries []string
}

const shellHistorySize = 1000

func (h *shellHistory) Add(entry string) {
	if strings.TrimSpace(entry) == "" || h.keys.pending() || (len(h.entries) > 0 && h.entries[len(h.entries)-1] == entry) {
		return
	}
	if len(h.entries) == shellHistorySize {
		h.entries = h.entries[1:]
	}
	h.entries = append(h.entries, entry)
}

func (h *shellHistory) Len() int { return len(h.entries) }

func (h *shellHistory) At(i int) string {
	if i < 0 || i >= len(h.entries) {
		panic("shell history index out of range: " + strconv.Itoa(i))
	}
	return h.entries[len(h.entries)-1-i]
}
