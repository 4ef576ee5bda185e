package console

import (
	"encoding/csv"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// barLinks are the drill-down links of a panel's bars, with the value
// each bar's tooltip shows.
var barLink = regexp.MustCompile(`<a href="(/dashboards/[^/"]+/([^/"]+)/events\?[^"]+)"><rect [^>]*><title>([^<]*)</title>`)

// TestConsoleBarDrillDown: each bar links to the events behind it only,
// the panel's events narrowed by the bar's key as a bound parameter; the
// bar's CSV holds as many events as the bar counts.
func TestConsoleBarDrillDown(t *testing.T) {
	s, hs := startConsole(t, Options{})
	bars := map[string][][]string{} // panel id: [link, tooltip]
	for _, d := range []string{"overview", "console-logins", "vpc-flow"} {
		_, body := get(t, s, hs, "/dashboards/"+d+"?"+sampleWindow)
		for _, m := range barLink.FindAllStringSubmatch(body, -1) {
			bars[m[2]] = append(bars[m[2]], []string{html.UnescapeString(m[1]), html.UnescapeString(m[3])})
		}
	}
	// csvOf downloads a drill-down's events as CSV: header and rows.
	csvOf := func(link string) [][]string {
		t.Helper()
		status, body := get(t, s, hs, strings.Replace(link, "/events?", "/download?what=events&", 1))
		if status != http.StatusOK {
			t.Fatalf("%s: %d %s", link, status, body)
		}
		recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil || len(recs) == 0 {
			t.Fatalf("%s: not CSV: %v\n%s", link, err, body)
		}
		return recs
	}
	column := func(recs [][]string, name string) int {
		i := slices.Index(recs[0], name)
		if i < 0 {
			t.Fatalf("no column %s in %v", name, recs[0])
		}
		return i
	}
	f := func(panel string, check func(u *url.URL, tip string, recs [][]string)) {
		t.Helper()
		if len(bars[panel]) == 0 {
			t.Fatalf("panel %s draws no linked bar", panel)
		}
		for _, b := range bars[panel] {
			u, err := url.Parse(b[0])
			if err != nil {
				t.Fatal(err)
			}
			if u.Query().Get("from") == "" || !u.Query().Has("bar") {
				t.Errorf("%s: the link lacks the window or the bar", b[0])
			}
			recs := csvOf(b[0])
			_, value, _ := strings.Cut(b[1], ": ")
			if n, _ := strconv.Atoi(value); n != len(recs)-1 {
				t.Errorf("%s: bar %q counts %s, its CSV holds %d events", panel, b[1], value, len(recs)-1)
			}
			check(u, b[1], recs)
		}
	}
	// A bar of users: every event is the user's.
	f("top_users", func(u *url.URL, tip string, recs [][]string) {
		p := column(recs, "principal")
		for _, r := range recs[1:] {
			if r[p] != u.Query().Get("bar") {
				t.Errorf("top_users bar %q holds an event of %q", u.Query().Get("bar"), r[p])
			}
		}
	})
	// A bar of a day's hour and a series: events of that hour and outcome.
	f("by_outcome", func(u *url.URL, tip string, recs [][]string) {
		start, err := time.Parse(time.RFC3339, u.Query().Get("bar"))
		if err != nil {
			t.Fatalf("bar %q: %v", u.Query().Get("bar"), err)
		}
		at, st := column(recs, "time"), column(recs, "status")
		for _, r := range recs[1:] {
			tm, err := time.Parse(time.RFC3339, r[at])
			if err != nil || tm.Before(start) || !tm.Before(start.Add(time.Hour)) || r[st] != u.Query().Get("series") {
				t.Errorf("by_outcome bar %s %s holds an event at %s (%v) with status %s", start, u.Query().Get("series"), r[at], err, r[st])
			}
		}
	})
	// A bar of a country: the map's addresses there.
	f("login_map", func(u *url.URL, tip string, recs [][]string) {})
	// A bar of rejected flows on one port.
	f("rejected_by_port", func(u *url.URL, tip string, recs [][]string) {
		p := column(recs, "dst_port")
		for _, r := range recs[1:] {
			if r[p] != u.Query().Get("bar") {
				t.Errorf("rejected_by_port bar %s holds a flow to port %s", u.Query().Get("bar"), r[p])
			}
		}
	})

	g := func(path string, wantStatus int, wants ...string) {
		t.Helper()
		status, body := get(t, s, hs, path)
		if status != wantStatus {
			t.Errorf("%s: status %d, want %d\n%.2000s", path, status, wantStatus, body)
		}
		for _, w := range wants {
			if !strings.Contains(body, w) {
				t.Errorf("%s: no %q in\n%.2000s", path, w, body)
			}
		}
	}
	// The page of one bar names it and links its downloads narrowed too.
	link := bars["top_users"][0][0]
	g(link, http.StatusOK, "events of", "bar=", "what=events", "All the panel's events")
	// The key is a value, never SQL.
	g("/dashboards/overview/top_users/events?"+sampleWindow+"&bar="+url.QueryEscape("x' OR '1'='1"), http.StatusOK, "No rows in this window")
	g("/dashboards/overview/failed_logins/events?"+sampleWindow+"&bar=alice", http.StatusBadRequest, "no bars")
	g("/dashboards/console-logins/by_outcome/events?"+sampleWindow+"&bar=yesterday&series=Success", http.StatusBadRequest, "RFC 3339")
}
