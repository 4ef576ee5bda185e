package investigate

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// evilAgent is the user agent the incident's pivot session sends.
const evilAgent = `python-requests/2.31.0 <script>alert("lakehunt")</script>`

func incidentHTML(t *testing.T) []byte {
	t.Helper()
	r := investigateIncident(t, KindIP, "203.0.113.50", nil)
	var buf bytes.Buffer
	if err := WriteHTML(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestHTMLReport parses the page and checks its panels, its charts, that
// it loads nothing, and that attacker-chosen text stays text.
func TestHTMLReport(t *testing.T) {
	page := incidentHTML(t)
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]bool{}
	var svgs, rects, scripts int
	var texts []string
	var externals []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.ElementNode:
			switch n.Data {
			case "section":
				sections[attr(n, "id")] = true
			case "svg":
				svgs++
			case "rect":
				rects++
			case "script":
				scripts++
			case "link", "img", "iframe", "object", "embed":
				externals = append(externals, n.Data)
			}
			for _, a := range n.Attr {
				if (a.Key == "src" || a.Key == "href") && a.Val != "" {
					externals = append(externals, a.Key+"="+a.Val)
				}
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("event handler attribute %s=%q on <%s>", a.Key, a.Val, n.Data)
				}
			}
		case html.TextNode:
			texts = append(texts, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)

	for _, id := range []string{"incidents", "overview", "api-timeline", "operations", "error-codes", "related", "newly-observed", "console-logins", "flows", "findings"} {
		if !sections[id] {
			t.Errorf("no <section id=%q>", id)
		}
	}
	// The API and flow timelines, the operations and peers bar charts,
	// and the timelines of the two incidents.
	if svgs != 6 {
		t.Errorf("%d <svg> charts, want 6", svgs)
	}
	if rects < 10 {
		t.Errorf("%d <rect> bars, want the charts drawn", rects)
	}
	if scripts != 0 {
		t.Errorf("%d <script> elements: the user agent %q was not escaped", scripts, evilAgent)
	}
	if len(externals) > 0 {
		t.Errorf("the page refers to other resources: %q", externals)
	}
	if !slicesContainsText(texts, evilAgent) {
		t.Errorf("the user agent %q does not appear as text", evilAgent)
	}
	if !bytes.Contains(page, []byte("&lt;script&gt;")) {
		t.Error("no escaped <script> in the page source")
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func slicesContainsText(texts []string, want string) bool {
	for _, s := range texts {
		if strings.Contains(s, want) {
			return true
		}
	}
	return false
}

// TestHTMLScreenshot renders the report in headless Chromium and checks
// the screenshot is not blank. CI installs Chromium (.ci/install-chromium.sh);
// elsewhere the test skips without it.
func TestHTMLScreenshot(t *testing.T) {
	browser := findChromium()
	if browser == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium not found, and CI must run this test (.ci/install-chromium.sh installs it)")
		}
		t.Skip("chromium not found; install Debian's chromium package to run this test")
	}
	dir := t.TempDir()
	report := filepath.Join(dir, "report.html")
	if err := os.WriteFile(report, incidentHTML(t), 0o644); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "out.png")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--screenshot="+shot, "--window-size=1200,2000",
		"file://"+report)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", browser, err, out)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	b := img.Bounds()
	if b.Dx() != 1200 || b.Dy() != 2000 {
		t.Errorf("screenshot is %dx%d, want 1200x2000", b.Dx(), b.Dy())
	}
	colored, dark := inkCounts(img)
	total := b.Dx() * b.Dy()
	// A blank page is all white; the report has a dark header, tables and
	// red and blue bars.
	if dark < total/100 {
		t.Errorf("only %d of %d pixels are dark: the page looks blank", dark, total)
	}
	if colored < 200 {
		t.Errorf("only %d coloured pixels: no chart bars drawn", colored)
	}
}

func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	return ""
}

// inkCounts counts dark pixels and strongly coloured (non-grey) ones.
func inkCounts(img image.Image) (colored, dark int) {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			if r+g+bl < 3*128 {
				dark++
			}
			if max(r, g, bl)-min(r, g, bl) > 80 {
				colored++
			}
		}
	}
	return colored, dark
}

// TestHTMLChain: the report of a user leads with her incident (and its
// timeline) and the sessions she created, and the tables name the roles
// her sessions' calls went through.
func TestHTMLChain(t *testing.T) {
	r := investigateChain(t, KindPrincipal, "carol", true)
	var buf bytes.Buffer
	if err := WriteHTML(&buf, r); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	last := -1
	for _, want := range []string{`<section id="incidents">`, `Timeline of incident inc-`, `<section id="identity-chain">`,
		`<section id="newly-observed">`, `<section id="overview">`, `<section id="operations">`} {
		at := strings.Index(page, want)
		if at < 0 || at < last {
			t.Errorf("%q missing or out of order (at %d, previous at %d)", want, at, last)
		}
		last = at
	}
	if !strings.Contains(page, `<td title="arn:aws:iam::444455556666:role/data-reader &gt; arn:aws:iam::444455556666:role/archive-admin">data-reader → archive-admin</td>`) {
		t.Error("the operations table does not name the roles of the second hop")
	}
	if _, err := html.Parse(strings.NewReader(page)); err != nil {
		t.Fatal(err)
	}
}
