package console

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

var doneTick = regexp.MustCompile(`data-done="(\d+)" data-total="(\d+)" data-unit="hunts" data-label="done"`)

// TestConsoleIncidentsProgress: the incidents page of a window the pack
// has not run over streams a progress bar that counts the hunts done and
// names those running, then the incidents; the next read of the window
// shows the kept run at once.
func TestConsoleIncidentsProgress(t *testing.T) {
	s, hs := startConsole(t, Options{})
	window := "from=2024-03-05T09:00:00Z&to=2024-03-06T00:00:00Z" // a window no other test runs the pack over
	status, body := get(t, s, hs, "/incidents?"+window)
	if status != http.StatusOK {
		t.Fatalf("%d\n%.2000s", status, body)
	}
	for _, want := range []string{`id="progress"`, `<button type="button" id="stop">`, `data-unit="hunts" data-label="running `, `href="/incidents/inc-`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %s:\n%.3000s", want, body)
		}
	}
	if m := doneTick.FindStringSubmatch(body); m == nil || m[1] != m[2] || len(m[2]) < 2 {
		t.Errorf("no last tick with every hunt done: %v", m)
	}
	if i, j := strings.Index(body, `data-label="done"`), strings.Index(body, `href="/incidents/inc-`); i > j {
		t.Errorf("the incidents come before the progress is done")
	}
	status, body = get(t, s, hs, "/incidents?"+window)
	if status != http.StatusOK || strings.Contains(body, `id="progress"`) || !strings.Contains(body, `href="/incidents/inc-`) {
		t.Errorf("the kept run: %d, a progress bar: %t\n%.2000s", status, strings.Contains(body, `id="progress"`), body)
	}
	if n := s.packRuns.Load(); n != 1 {
		t.Errorf("the pack ran %d times for one window", n)
	}
}

// TestConsoleIncidentsStop: a client that stops the incidents page while
// the pack runs (Stop closes the connection) stops the pack.
func TestConsoleIncidentsStop(t *testing.T) {
	s, hs := startConsole(t, Options{})
	// Each hunt waits for its run to be cancelled (or a minute): the
	// sample lake's pack would otherwise end before the client leaves.
	huntStarted = func(ctx context.Context) {
		select {
		case <-ctx.Done():
		case <-time.After(time.Minute):
		}
	}
	t.Cleanup(func() { huntStarted = nil })
	leaveAt(t, s, hs, "/incidents?from=2024-03-05T12:00:00Z&to=2024-03-06T00:00:00Z", `data-label="running `, nil)
	if packRunKept(s, time.Date(2024, 3, 5, 12, 0, 0, 0, time.UTC), time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("the pack's run finished and was kept though its only page left")
	}
}
