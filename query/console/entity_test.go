package console

import (
	"net/http"
	"strings"
	"testing"
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
