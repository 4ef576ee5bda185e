package console

import (
	"context"
	"fmt"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestConsoleBrowser opens the console's pages in headless Chromium: the
// home page, every dashboard, an entity page linked from a dashboard, the
// incidents page and the SQL page. Every host but loopback resolves to
// nothing, so a request leaving the machine would fail and show as a
// console error; the test wants none, and charts drawn (coloured pixels).
// Screenshots go to $LAKEHUNT_ARTIFACTS, else a temp dir. CI installs
// Chromium (.ci/install-chromium.sh); elsewhere the test skips without it.
func TestConsoleBrowser(t *testing.T) {
	browser := chromium(t)
	artifacts := artifactsDir(t)
	s, hs := startConsole(t, Options{})
	_, overview := get(t, s, hs, "/dashboards/overview?"+sampleWindow)
	ipLink := regexp.MustCompile(`href="(/investigate/ip/[^"?]+)`).FindStringSubmatch(overview)
	if ipLink == nil {
		t.Fatal("the overview links no IP address")
	}
	pages := map[string]string{"home": "/", "entity-ip": ipLink[1], "incidents": "/incidents",
		"query": "/query?sql=" + url.QueryEscape("SELECT api.operation, count(*) AS calls FROM cloudtrail GROUP BY 1 ORDER BY 2 DESC")}
	charted := map[string]bool{"entity-ip": true, "incidents": true}
	for _, d := range dashboards {
		pages["dashboard-"+d.ID] = "/dashboards/" + d.ID
		charted["dashboard-"+d.ID] = true
	}
	for name, path := range pages {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		target := hs.URL + path + sep + sampleWindow + "&token=" + s.Token()
		shot := filepath.Join(artifacts, "console-"+name+".png")
		ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
		dir := t.TempDir()
		cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
			"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
			"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
			"--enable-logging=stderr", "--v=0",
			"--user-data-dir="+filepath.Join(dir, "profile"), "--screenshot="+shot, "--window-size=1280,1600", target)
		out, err := cmd.CombinedOutput()
		cancel()
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
		for _, line := range strings.Split(string(out), "\n") {
			if strings.Contains(line, ":CONSOLE") || strings.Contains(line, "Uncaught") || strings.Contains(line, "Refused to") || strings.Contains(line, "ERR_NAME_NOT_RESOLVED") {
				t.Errorf("%s: console error: %s", name, line)
			}
		}
		colored := colouredPixels(t, shot)
		if charted[name] && colored < 200 {
			t.Errorf("%s: %d coloured pixels in %s: no chart drawn", name, colored, shot)
		}
	}
	t.Logf("screenshots in %s", artifacts)
}

// chromium finds the browser, or skips the test where there is none
// (CI must have it).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium not found, and CI must run this test (.ci/install-chromium.sh installs it)")
	}
	t.Skip("chromium not found; install Debian's chromium package to run this test")
	return ""
}

// artifactsDir is where screenshots go: $LAKEHUNT_ARTIFACTS, else a
// temporary directory.
func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("LAKEHUNT_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestConsoleBrowserClicks clicks through the console in headless
// Chromium as a person would (the mouse, over the DevTools protocol): a
// bar of the overview's top users leads to that user's events only; the
// dashboard's progress bar counted every panel; an entity page of a
// session key shows its identity chain and incidents on top, and a click
// on the user at the top of the chain opens that user's page.
func TestConsoleBrowserClicks(t *testing.T) {
	b := startBrowser(t, chromium(t))
	artifacts := artifactsDir(t)
	s, hs := startConsole(t, Options{})
	b.open(hs.URL + "/dashboards/overview?" + sampleWindow + "&token=" + s.Token())

	var progress struct {
		Value, Max int
		Done       bool
		Text       string
	}
	b.eval(`(() => { const p = document.querySelector("#progress progress");
		return {value: p.value, max: p.max, done: document.getElementById("progress").classList.contains("done"),
			text: document.querySelector("#progress .progress-text").textContent}; })()`, &progress)
	d, _ := dashboard("overview")
	if progress.Value != len(d.Panels) || progress.Max != len(d.Panels) || !progress.Done || !strings.Contains(progress.Text, "done") {
		t.Errorf("the progress bar shows %+v, want all %d panels done", progress, len(d.Panels))
	}

	var label string
	b.eval(`document.querySelector("#top_users svg a rect title").textContent`, &label)
	user, count, _ := strings.Cut(label, ": ")
	b.click("#top_users svg a rect")
	var got struct {
		Path, Bar, H1 string
		Principals    []string
	}
	b.eval(`(() => { const cols = [...document.querySelectorAll("table.result th")].map(th => th.textContent);
		const i = cols.indexOf("principal");
		return {path: location.pathname, bar: new URLSearchParams(location.search).get("bar"),
			h1: document.querySelector("h1").textContent,
			principals: [...document.querySelectorAll("table.result tbody tr")].map(tr => tr.children[i].textContent)}; })()`, &got)
	if got.Path != "/dashboards/overview/top_users/events" || got.Bar != user || !strings.Contains(got.H1, "events of "+user) {
		t.Errorf("the click on the bar of %s led to %+v", user, got)
	}
	if fmt.Sprint(len(got.Principals)) != count {
		t.Errorf("the bar of %s counts %s events, its page lists %d", user, count, len(got.Principals))
	}
	for _, p := range got.Principals {
		if p != user {
			t.Errorf("the events of %s list one of %q", user, p)
		}
	}
	b.screenshot(filepath.Join(artifacts, "console-bar-events.png"))

	b.open(hs.URL + "/investigate/access-key/ASIAEXAMPLEPIVOT0001?" + sampleWindow)
	var entity struct {
		IdentityTop, IncidentsTop, ReportTop float64
		Incidents                            int
		Done                                 bool
	}
	b.eval(`(() => { const top = s => document.querySelector(s).getBoundingClientRect().top;
		return {identityTop: top("#entity-identity"), incidentsTop: top("#entity-incidents"), reportTop: top("#overview"),
			incidents: document.querySelectorAll("#entity-incidents .incident-links").length,
			done: document.getElementById("progress").classList.contains("done")}; })()`, &entity)
	if !(entity.IdentityTop < entity.IncidentsTop && entity.IncidentsTop < entity.ReportTop) || entity.Incidents == 0 || !entity.Done {
		t.Errorf("entity page: %+v, want the identity chain, then its incidents, above the report", entity)
	}
	b.screenshot(filepath.Join(artifacts, "console-entity-session.png"))
	b.click("#entity-identity .chain-path .who a")
	var h1 string
	b.eval(`document.querySelector("header h1").textContent`, &h1)
	if !strings.Contains(h1, "user/alice") {
		t.Errorf("the click on the chain's origin led to %q", h1)
	}
	var issued bool
	b.eval(`document.querySelector("#entity-identity").textContent.includes("Sessions it issued")`, &issued)
	if !issued {
		t.Errorf("alice's page does not show the session she issued")
	}
	for _, e := range b.consoleErrors() {
		t.Errorf("browser: %s", e)
	}
}

// colouredPixels counts strongly coloured (non-grey) pixels: chart bars.
func colouredPixels(t *testing.T, file string) int {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s is not a PNG: %v", file, err)
	}
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			hi, lo := max(r, g, bl), min(r, g, bl)
			if hi-lo > 0x4000 {
				n++
			}
		}
	}
	return n
}
