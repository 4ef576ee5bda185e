package console

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestConsoleEntityPage: an entity page streams the investigation, its
// identity chain at the top with a link on every principal, key, address
// and event, then the incidents the entity is in, counted by the
// progress bar's two stages.
func TestConsoleEntityPage(t *testing.T) {
	s, hs := startConsole(t, Options{})
	f := func(path string, wants, unwanted []string) string {
		t.Helper()
		status, body := get(t, s, hs, path+"?"+sampleWindow)
		if status != http.StatusOK {
			t.Fatalf("%s: %d\n%.3000s", path, status, body)
		}
		for _, w := range wants {
			if !strings.Contains(body, w) {
				t.Errorf("%s: no %q", path, w)
			}
		}
		for _, w := range unwanted {
			if strings.Contains(body, w) {
				t.Errorf("%s: %q", path, w)
			}
		}
		return body
	}
	body := f("/investigate/access-key/ASIAEXAMPLEPIVOT0001", []string{
		`id="entity-identity"`, "Who is behind it", "AssumeRole", `href="/investigate/principal/`, `href="/event/`,
		`id="entity-incidents"`, `href="/incidents/`, `<progress max="2" value="1">`, `data-done="2"`, `id="progress"`,
	}, []string{"No session of this entity"})
	// The identity chain comes before the report, the incidents after it
	// in the stream (the page shows them on top), then the last tick.
	if i, j, k := strings.Index(body, `id="entity-identity"`), strings.Index(body, `id="overview"`), strings.Index(body, `id="entity-incidents"`); !(i < j && j < k) {
		t.Errorf("identity chain at %d, report at %d, incidents at %d: want that order", i, j, k)
	}
	// The user behind it: the session it issued, the same incident.
	f("/investigate/principal/arn:aws:iam::111122223333:user%2Falice", []string{
		"Sessions it issued", `href="/investigate/access-key/ASIAEXAMPLEPIVOT0001?`, `href="/incidents/`,
	}, nil)
	f("/investigate/ip/203.0.113.77", []string{`id="entity-incidents"`, `href="/incidents/`, "203.0.113.77"}, []string{`id="entity-identity"`})
}

// TestConsolePackRunShared: the incidents page and an entity page of the
// same window wait for one run of the hunting pack, not one each.
func TestConsolePackRunShared(t *testing.T) {
	s, hs := startConsole(t, Options{})
	window := "from=2024-03-05T06:00:00Z&to=2024-03-06T00:00:00Z" // a window no other test runs the pack over
	var wg sync.WaitGroup
	for _, path := range []string{"/incidents?" + window, "/investigate/ip/203.0.113.77?" + window} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if status, body := get(t, s, hs, path); status != http.StatusOK || !strings.Contains(body, `href="/incidents/inc-`) {
				t.Errorf("%s: %d\n%.2000s", path, status, body)
			}
		}()
	}
	wg.Wait()
	if n := s.packRuns.Load(); n != 1 {
		t.Errorf("the pack ran %d times for one window", n)
	}
	if !packRunKept(s, time.Date(2024, 3, 5, 6, 0, 0, 0, time.UTC), time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("the window's run was not kept")
	}
}

// packRunKept tells whether the console keeps a run of the pack over the
// window.
func packRunKept(s *Server, from, to time.Time) bool {
	incidentRuns.Lock()
	defer incidentRuns.Unlock()
	_, kept := incidentRuns.byKey[s.opt.Lake+"|"+from.String()+"|"+to.String()]
	return kept
}

// TestConsoleEntityPageLeaves: a client that leaves an entity page while
// the hunting pack runs for it stops the pack.
func TestConsoleEntityPageLeaves(t *testing.T) {
	s, hs := startConsole(t, Options{})
	leaveAt(t, s, hs, "/investigate/ip/203.0.113.77?from=2024-03-05T03:00:00Z&to=2024-03-06T00:00:00Z", `id="entity-incidents-pending"`, func() {
		// The pack starts on its own goroutine: under load it may not have
		// counted itself yet when the pending stage is written.
		for start := time.Now(); s.packRuns.Load() == 0 && time.Since(start) < 20*time.Second; {
			time.Sleep(10 * time.Millisecond)
		}
		if s.packRuns.Load() != 1 {
			t.Fatalf("%d pack runs once the report is drawn, want 1", s.packRuns.Load())
		}
	})
	// Stopped, not finished: nothing is kept for the window.
	if packRunKept(s, time.Date(2024, 3, 5, 3, 0, 0, 0, time.UTC), time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("the pack's run finished and was kept though its only page left")
	}
}
