package console

import (
	"context"
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
	browser := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			browser = path
			break
		}
	}
	if browser == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium not found, and CI must run this test (.ci/install-chromium.sh installs it)")
		}
		t.Skip("chromium not found; install Debian's chromium package to run this test")
	}
	artifacts := os.Getenv("LAKEHUNT_ARTIFACTS")
	if artifacts == "" {
		artifacts = t.TempDir()
	} else if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
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
