package console

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/testlake"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/query/investigate"
	"github.com/lakehunt/lakehunt/query/output"
	"github.com/lakehunt/lakehunt/query/workflow"
)

// sampleWindow is the day of the quickstart samples' incident.
const sampleWindow = "from=2024-03-05&to=2024-03-06"

func TestMain(m *testing.M) { testlake.Main(m) }

// startConsole serves the sample lake on a loopback port.
func startConsole(t *testing.T, opt Options) (*Server, *httptest.Server) {
	t.Helper()
	if opt.Lake == "" {
		opt.Lake = testlake.Samples(t)
	}
	hs := httptest.NewUnstartedServer(nil)
	s, err := New(opt, hs.Listener.Addr())
	if err != nil {
		t.Fatal(err)
	}
	hs.Config.Handler = s
	hs.Start()
	t.Cleanup(hs.Close)
	return s, hs
}

// get fetches a path with the token as a bearer, and returns the status
// and body.
func get(t *testing.T, s *Server, hs *httptest.Server, path string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, hs.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.Token())
	resp, err := hs.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestConsoleSecurity(t *testing.T) {
	s, hs := startConsole(t, Options{})
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	f := func(path, host string, header http.Header, wantStatus int, wantBody string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, hs.URL+path, nil)
		if host != "" {
			req.Host = host
		}
		for k, v := range header {
			req.Header[k] = v
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != wantStatus || !strings.Contains(string(body), wantBody) {
			t.Errorf("%s (Host %q): %d %q, want %d with %q", path, host, resp.StatusCode, body, wantStatus, wantBody)
		}
		return resp
	}
	f("/", "", nil, http.StatusUnauthorized, "no token")
	f("/api/query?sql=SELECT+1", "", nil, http.StatusUnauthorized, "no token")
	f("/?token=wrong", "", nil, http.StatusUnauthorized, "no token")
	resp := f("/query?token="+s.Token()+"&"+sampleWindow, "", nil, http.StatusSeeOther, "")
	if loc := resp.Header.Get("Location"); strings.Contains(loc, "token") || !strings.HasPrefix(loc, "/query?") {
		t.Errorf("redirect to %q, want the page without its token", loc)
	}
	cookies := resp.Cookies()
	if len(cookies) != 1 || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteStrictMode {
		t.Fatalf("cookies %+v, want one HttpOnly SameSite=Strict", cookies)
	}
	f("/?"+sampleWindow, "", http.Header{"Cookie": {cookies[0].String()}}, http.StatusOK, "lakehunt console")
	// DNS rebinding: another name for this address is refused, token or not.
	f("/?token="+s.Token(), "evil.example:"+port(hs), nil, http.StatusMisdirectedRequest, "Host")
	f("/", "evil.example", http.Header{"Authorization": {"Bearer " + s.Token()}}, http.StatusMisdirectedRequest, "Host")
	f("/", "localhost:"+port(hs), http.Header{"Authorization": {"Bearer " + s.Token()}}, http.StatusOK, "lakehunt console")
	// Nothing changes state: methods other than GET and POST are refused.
	req, _ := http.NewRequest(http.MethodDelete, hs.URL+"/query", nil)
	req.Header.Set("Authorization", "Bearer "+s.Token())
	if resp, err := client.Do(req); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("DELETE: %v %v, want 405", resp.Status, err)
	}
}

func port(hs *httptest.Server) string { return strconv.Itoa(hs.Listener.Addr().(*net.TCPAddr).Port) }

func TestConsolePages(t *testing.T) {
	s, hs := startConsole(t, Options{})
	f := func(path string, wantStatus int, wants ...string) string {
		t.Helper()
		status, body := get(t, s, hs, path)
		if status != wantStatus {
			t.Errorf("%s: status %d, want %d\n%.3000s", path, status, wantStatus, body)
		}
		for _, w := range wants {
			if !strings.Contains(body, w) {
				t.Errorf("%s: no %q in\n%.3000s", path, w, body)
			}
		}
		return body
	}
	f("/?"+sampleWindow, http.StatusOK, "Console Logins", "/dashboards/vpc-flow?")
	for _, d := range dashboards {
		body := f("/dashboards/"+d.ID+"?"+sampleWindow, http.StatusOK, d.Title)
		if strings.Contains(body, `class="error"`) {
			t.Errorf("dashboard %s has a failed panel:\n%s", d.ID, body[strings.Index(body, `class="error"`):][:800])
		}
		if strings.Count(body, `<section class="panel"`) != len(d.Panels) {
			t.Errorf("dashboard %s: %d panels drawn, want %d", d.ID, strings.Count(body, `<section class="panel"`), len(d.Panels))
		}
		// The progress bar's ticks: one after each panel, then the last.
		for i := 1; i <= len(d.Panels); i++ {
			if !strings.Contains(body, fmt.Sprintf(`data-done="%d" data-total="%d" data-unit="panels"`, i, len(d.Panels))) {
				t.Errorf("dashboard %s: no tick for panel %d", d.ID, i)
			}
		}
		if !strings.Contains(body, `data-label="done"`) {
			t.Errorf("dashboard %s: no last tick", d.ID)
		}
	}
	body := f("/dashboards/overview?"+sampleWindow, http.StatusOK, "<svg", "<rect", ">unknown<")
	if !strings.Contains(body, `href="/investigate/ip/`) || !strings.Contains(body, `href="/investigate/principal/`) {
		t.Errorf("overview links no entity:\n%.4000s", body)
	}
	f("/dashboards/console-logins/failed/events?"+sampleWindow, http.StatusOK, "ConsoleLogin", "/event/")
	f("/dashboards/no-such?"+sampleWindow, http.StatusBadRequest, "no dashboard")
	f("/dashboards/overview/no-such/events?"+sampleWindow, http.StatusBadRequest, "no panel")
	f("/dashboards/overview?from=2024-03-06&to=2024-03-05", http.StatusBadRequest, "empty window")
	f("/dashboards/overview?last=soon", http.StatusBadRequest, "last:")
	// A window with no data draws empty panels, not an error.
	f("/dashboards/vpc-flow?from=2020-01-01&to=2020-01-02", http.StatusOK, "No events in this window")

	f("/query?"+sampleWindow, http.StatusOK, "<textarea")
	f("/query?"+sampleWindow+"&sql="+url.QueryEscape("SELECT api.operation AS op, count(*) AS n FROM cloudtrail GROUP BY 1 ORDER BY 2 DESC"), http.StatusOK, "<td>ConsoleLogin</td>", "format=parquet")
	f("/query?sql="+url.QueryEscape("SELEC 1"), http.StatusBadRequest, "Parser Error")
	f("/query?sql="+url.QueryEscape("SELECT * FROM read_csv('/etc/passwd')"), http.StatusBadRequest, "Permission Error")
	f("/query?sql="+url.QueryEscape("SELECT 1; SELECT 2"), http.StatusBadRequest, "one statement")
	f("/query?dialect=duckdb&sql="+url.QueryEscape("SELECT * FROM range(250) r(i)")+"&page=2", http.StatusOK, "<td>200</td>", "Page 3")

	f("/api/query?format=json&sql="+url.QueryEscape("SELECT 1 AS x"), http.StatusOK, `"x":1`)
	f("/api/query?format=xml&sql="+url.QueryEscape("SELECT 1 AS x"), http.StatusBadRequest, "format")
	f("/api/query?sql="+url.QueryEscape("SELECT * FROM read_csv('/etc/passwd')"), http.StatusBadRequest, "Permission Error")
	f("/api/query?dialect=duckdb&sql="+url.QueryEscape("SELECT * FROM range(10)"), http.StatusOK, "range\n0\n1\n")

	f("/investigate/ip/203.0.113.77?"+sampleWindow, http.StatusOK, "203.0.113.77", "<svg", "/static/console.js")
	f("/investigate/access-key/AKIAEXAMPLEALICE0001?"+sampleWindow, http.StatusOK, "AKIAEXAMPLEALICE0001")
	f("/investigate/ip/not-an-ip?"+sampleWindow, http.StatusBadRequest, "cannot parse IP address")
	f("/investigate/planet/mars?"+sampleWindow, http.StatusBadRequest, "planet")

	body = f("/incidents?"+sampleWindow, http.StatusOK, "Incidents", "<svg", `href="/investigate/`)
	i := strings.Index(body, `href="/incidents/`)
	if i < 0 {
		t.Fatalf("no incident link on the incidents page")
	}
	link := body[i+len(`href="`):]
	link = strings.ReplaceAll(link[:strings.Index(link, `"`)], "&amp;", "&")
	f(link, http.StatusOK, "<svg")
	f("/incidents/no-such-incident?"+sampleWindow, http.StatusBadRequest, "no incident")
}

// TestConsolePanelCSV: a panel's CSV download is what 'lakehunt query
// --format csv' prints for the panel's SQL with its values written in.
func TestConsolePanelCSV(t *testing.T) {
	s, hs := startConsole(t, Options{})
	for _, c := range []struct{ dashboard, panel, what string }{
		{"console-logins", "failed", "events"},
		{"overview", "top_users", ""},
		{"vpc-flow", "traffic", ""},
		{"vpc-flow", "admin_ports", "events"},
	} {
		d, _ := dashboard(c.dashboard)
		p, _ := d.panel(c.panel)
		sqlText := p.SQL()
		if c.what == "events" {
			sqlText = p.EventsSQL()
		}
		v := view{From: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC)}
		_, _, literal, err := bind(sqlText, v)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := workflow.Query(context.Background(), workflow.QueryRequest{Session: workflow.Session{Lake: s.opt.Lake, Dialect: engine.DialectDuckDB},
			SQL: literal, Out: &want, Output: output.Options{Format: output.CSV, CSVFormulaGuard: true}}); err != nil {
			t.Fatal(err)
		}
		status, got := get(t, s, hs, "/dashboards/"+c.dashboard+"/"+c.panel+"/download?"+sampleWindow+"&what="+c.what)
		if status != http.StatusOK || got != want.String() || strings.Count(got, "\n") < 2 {
			t.Errorf("%s/%s %s: %d\n%s\nwant\n%s", c.dashboard, c.panel, c.what, status, got, want.String())
		}
	}
}

// TestConsoleRowCap: no response holds more rows than the cap.
func TestConsoleRowCap(t *testing.T) {
	s, hs := startConsole(t, Options{MaxRows: 5})
	_, body := get(t, s, hs, "/api/query?dialect=duckdb&sql="+url.QueryEscape("SELECT * FROM range(100)"))
	if body != "range\n0\n1\n2\n3\n4\n" {
		t.Errorf("capped at 5 rows: %q", body)
	}
	_, body = get(t, s, hs, "/query?dialect=duckdb&sql="+url.QueryEscape("SELECT * FROM range(100)"))
	if strings.Count(body, "<tr>") != 6 || !strings.Contains(body, "at most 5 rows") {
		t.Errorf("the SQL page shows %d rows, want 5 and a note", strings.Count(body, "<tr>")-1)
	}
}

// TestConsoleCancelsOnDisconnect: a client that goes away mid-query
// cancels it; nothing keeps running.
func TestConsoleCancelsOnDisconnect(t *testing.T) {
	s, hs := startConsole(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, hs.URL+"/api/query?dialect=duckdb&sql="+
		url.QueryEscape("SELECT count(*) FROM range(1000000000000) a WHERE a.range % 7 = 3"), nil)
	req.Header.Set("Authorization", "Bearer "+s.Token())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if resp, err := hs.Client().Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	deadline := time.Now().Add(10 * time.Second)
	for s.running.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if s.running.Load() == 0 {
		t.Fatal("the query never started")
	}
	cancel()
	<-done
	waitIdle(t, s)
}

// leaveAt opens a streamed page, reads it until a line holds marker, runs
// beforeLeaving (when not nil) and then leaves as a browser tab closed
// there would: the server must stop all it started for the page.
func leaveAt(t *testing.T, s *Server, hs *httptest.Server, path, marker string, beforeLeaving func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, hs.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+s.Token())
	resp, err := hs.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(resp.Body)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			resp.Body.Close()
			t.Fatalf("%s ended before %s: %v", path, marker, err)
		}
		if strings.Contains(line, marker) {
			break
		}
	}
	if beforeLeaving != nil {
		beforeLeaving()
	}
	cancel()
	resp.Body.Close()
	waitIdle(t, s)
}

// waitIdle fails the test unless every statement and pack run of s ends
// within 20 s of its client leaving: the server cancels what nobody reads.
func waitIdle(t *testing.T, s *Server) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for s.running.Load() != 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := s.running.Load(); n != 0 {
		t.Errorf("%d statements or runs still going after the client left", n)
	}
}

// startConsoleWithGeo starts a console over the samples and opens the
// address lookup its panels draw with, closed when the test ends.
func startConsoleWithGeo(t *testing.T) (*Server, *investigate.GeoIP) {
	t.Helper()
	s, _ := startConsole(t, Options{})
	geo, closeGeo, err := s.geo()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(closeGeo)
	return s, geo
}

// TestMemoryLimitReachesDuckDB: --memory-limit is the limit of the engine
// a request opens, not only a field the console carries.
func TestMemoryLimitReachesDuckDB(t *testing.T) {
	s, hs := startConsole(t, Options{MemoryLimit: "1GB"})
	code, body := get(t, s, hs, "/api/query?dialect=duckdb&sql="+url.QueryEscape("SELECT current_setting('memory_limit') AS m"))
	if code != http.StatusOK || !strings.Contains(body, "476.8 MiB") {
		t.Errorf("memory_limit of a request's engine: %d %q, want 476.8 MiB (half of 1GB: the engine keeps back at least 800 MB, up to half)", code, body)
	}
}
