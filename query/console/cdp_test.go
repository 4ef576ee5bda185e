package console

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// browser is headless Chromium driven over the DevTools protocol on a
// pipe (--remote-debugging-pipe: JSON messages ended by a NUL byte on
// file descriptors 3 and 4), so that a test can click where a person
// would and read the page it leads to. It keeps every console error,
// uncaught exception and failed load it hears of.
type browser struct {
	t       *testing.T
	cmd     *exec.Cmd
	out     io.WriteCloser
	session string

	mu      sync.Mutex
	next    int
	replies map[int]chan cdpMessage
	events  []cdpMessage
	arrived chan struct{} // closed and replaced when an event arrives
	errors  []string
}

type cdpMessage struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct{ Message string }
	SessionID string `json:"sessionId,omitempty"`
}

// startBrowser starts Chromium with one page open, every host but
// loopback resolving to nothing.
func startBrowser(t *testing.T, chromium string) *browser {
	t.Helper()
	toChrome, out, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	in, fromChrome, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--window-size=1280,1600",
		"--remote-debugging-pipe", "--user-data-dir="+filepath.Join(t.TempDir(), "profile"))
	cmd.ExtraFiles = []*os.File{toChrome, fromChrome}
	// Chromium, killed at the end, leaves a dir in TMPDIR: the test's.
	cmd.Env = append(os.Environ(), "TMPDIR="+t.TempDir())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	toChrome.Close()
	fromChrome.Close()
	b := &browser{t: t, cmd: cmd, out: out, replies: map[int]chan cdpMessage{}, arrived: make(chan struct{})}
	go b.read(in)
	t.Cleanup(func() {
		out.Close()
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("chromium stderr:\n%s", stderr.String())
		}
	})
	var target struct{ TargetID string }
	b.call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target)
	var attached struct{ SessionID string }
	b.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached)
	b.session = attached.SessionID
	for _, domain := range []string{"Page", "Runtime", "Log"} {
		b.call(b.session, domain+".enable", nil, nil)
	}
	return b
}

func (b *browser) read(in io.ReadCloser) {
	defer in.Close()
	r := bufio.NewReader(in)
	for {
		raw, err := r.ReadBytes(0)
		if err != nil {
			return
		}
		var m cdpMessage
		if json.Unmarshal(raw[:len(raw)-1], &m) != nil {
			continue
		}
		b.mu.Lock()
		if m.ID != 0 {
			if ch, ok := b.replies[m.ID]; ok {
				ch <- m
				delete(b.replies, m.ID)
			}
		} else {
			b.events = append(b.events, m)
			b.noteError(m)
			close(b.arrived)
			b.arrived = make(chan struct{})
		}
		b.mu.Unlock()
	}
}

// noteError keeps what a person would see as an error in the console.
func (b *browser) noteError(m cdpMessage) {
	switch m.Method {
	case "Runtime.exceptionThrown":
		b.errors = append(b.errors, "exception: "+string(m.Params))
	case "Runtime.consoleAPICalled":
		var p struct{ Type string }
		if json.Unmarshal(m.Params, &p) == nil && (p.Type == "error" || p.Type == "assert") {
			b.errors = append(b.errors, "console: "+string(m.Params))
		}
	case "Log.entryAdded":
		var p struct {
			Entry struct{ Level, Text, URL string }
		}
		if json.Unmarshal(m.Params, &p) == nil && p.Entry.Level == "error" && !strings.HasSuffix(p.Entry.URL, "/favicon.ico") {
			b.errors = append(b.errors, "log: "+p.Entry.Text+" "+p.Entry.URL)
		}
	}
}

// call sends a command and decodes its result into result (if not nil).
func (b *browser) call(session, method string, params any, result any) {
	b.t.Helper()
	b.mu.Lock()
	b.next++
	id := b.next
	ch := make(chan cdpMessage, 1)
	b.replies[id] = ch
	b.mu.Unlock()
	msg, err := json.Marshal(map[string]any{"id": id, "method": method, "params": orEmpty(params), "sessionId": session})
	if err != nil {
		b.t.Fatal(err)
	}
	if session == "" {
		msg = bytes.Replace(msg, []byte(`,"sessionId":""`), nil, 1)
	}
	if _, err := b.out.Write(append(msg, 0)); err != nil {
		b.t.Fatalf("%s: %v", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			b.t.Fatalf("%s: %s", method, m.Error.Message)
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				b.t.Fatalf("%s: %v in %s", method, err, m.Result)
			}
		}
	case <-time.After(60 * time.Second):
		b.t.Fatalf("%s: no reply in a minute", method)
	}
}

func orEmpty(params any) any {
	if params == nil {
		return map[string]any{}
	}
	return params
}

// mark is where the events heard so far end, for waitFor.
func (b *browser) mark() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.events)
}

// waitFor waits for an event heard after the mark.
func (b *browser) waitFor(since int, method string) {
	b.t.Helper()
	deadline := time.After(90 * time.Second)
	for {
		b.mu.Lock()
		for _, m := range b.events[since:] {
			if m.Method == method && m.SessionID == b.session {
				b.mu.Unlock()
				return
			}
		}
		since = len(b.events)
		arrived := b.arrived
		b.mu.Unlock()
		select {
		case <-arrived:
		case <-deadline:
			b.t.Fatalf("no %s in 90 s", method)
		}
	}
}

// open loads a URL and waits for its load event (the whole streamed page).
func (b *browser) open(url string) {
	b.t.Helper()
	since := b.mark()
	b.call(b.session, "Page.navigate", map[string]any{"url": url}, nil)
	b.waitFor(since, "Page.loadEventFired")
}

// eval runs a JavaScript expression in the page and decodes its value.
func (b *browser) eval(expr string, value any) {
	b.t.Helper()
	var res struct {
		Result           struct{ Value json.RawMessage }
		ExceptionDetails *struct{ Text string }
	}
	b.call(b.session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &res)
	if res.ExceptionDetails != nil {
		b.t.Fatalf("%s: %s", expr, res.ExceptionDetails.Text)
	}
	if err := json.Unmarshal(res.Result.Value, value); err != nil {
		b.t.Fatalf("%s: %v in %s", expr, err, res.Result.Value)
	}
}

// click scrolls the element the selector finds into view and clicks its
// middle with the mouse, as a person does, then waits for the page it
// leads to.
func (b *browser) click(selector string) {
	b.t.Helper()
	var at struct{ X, Y float64 }
	b.eval(fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return null;
		e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect();
		return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()`, selector), &at)
	if at.X == 0 && at.Y == 0 {
		b.t.Fatalf("nothing to click at %s", selector)
	}
	since := b.mark()
	for _, typ := range []string{"mouseMoved", "mousePressed", "mouseReleased"} {
		b.call(b.session, "Input.dispatchMouseEvent", map[string]any{"type": typ, "x": at.X, "y": at.Y, "button": "left", "clickCount": 1}, nil)
	}
	b.waitFor(since, "Page.loadEventFired")
}

// screenshot saves the page as a PNG.
func (b *browser) screenshot(file string) {
	b.t.Helper()
	var shot struct{ Data string }
	b.call(b.session, "Page.captureScreenshot", map[string]any{"format": "png"}, &shot)
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// consoleErrors are the errors heard so far.
func (b *browser) consoleErrors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.errors...)
}
