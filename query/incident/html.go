package incident

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lakehunt/lakehunt/query/svgchart"
)

//go:embed incidents.html.tmpl
var fragmentText string

// fragmentTemplate escapes every value by its context: titles, summaries
// and names hold text chosen by whoever made the API calls.
var fragmentTemplate = svgchart.Define(template.Must(template.New("incidents").Funcs(template.FuncMap{
	"ftime": func(t time.Time) string { return t.UTC().Format(timeLayout) },
	"join":  func(v []string) string { return strings.Join(v, ", ") },
}).Parse(fragmentText)))

type htmlIncident struct {
	Incident
	Timeline *svgchart.Chart
}

// WriteHTML writes the incidents as an HTML fragment, one <section> with
// its own scoped <style>, to embed in a page: per incident its summary,
// entities, a timeline as inline SVG, its linking events and findings. It
// loads nothing and runs no script.
func WriteHTML(w io.Writer, incidents []Incident) error {
	view := make([]htmlIncident, len(incidents))
	for i, inc := range incidents {
		view[i] = htmlIncident{Incident: inc, Timeline: timelineChart(inc)}
	}
	return fragmentTemplate.Execute(w, view)
}

// Timeline geometry: a row per hunt and one for the linking events.
const (
	chartWidth     = 960
	chartLabels    = 250 // label column
	chartRight     = 16
	chartTop       = 8
	chartRow       = 20
	chartAxis      = 26
	chartMaxRows   = 30
	chartLabelLen  = 38
	chartTicks     = 6
	chartMinMarker = 3.0
)

// timelineChart draws an incident: a row per hunt, in the order they
// first fired, with each finding as a bar from its first to its last
// event coloured by severity, under a row of marks for the calls that
// issued its sessions.
func timelineChart(inc Incident) *svgchart.Chart {
	rowsOfHunts := byHunt(inc.Findings)
	hidden := 0
	if len(rowsOfHunts) > chartMaxRows {
		rowsOfHunts, hidden = rowsOfHunts[:chartMaxRows], len(rowsOfHunts)-chartMaxRows
	}
	rows := len(rowsOfHunts) + 1
	if hidden > 0 {
		rows++
	}
	c := &svgchart.Chart{Label: "Timeline of incident " + inc.ID, Width: chartWidth, Height: chartTop + rows*chartRow + chartAxis}
	start, end := inc.FirstTime, inc.LastTime
	for _, l := range inc.Links {
		start = minTime(start, l.Time)
	}
	if !end.After(start) {
		start, end = start.Add(-30*time.Second), end.Add(30*time.Second)
	}
	plot := float64(chartWidth - chartLabels - chartRight)
	x := func(t time.Time) float64 {
		return chartLabels + float64(t.Sub(start))/float64(end.Sub(start))*plot
	}
	rowY := func(i int) float64 { return float64(chartTop + i*chartRow) }
	base := rowY(rows)

	c.Texts = append(c.Texts, svgchart.Text{X: chartLabels - 8, Y: rowY(0) + 14, Anchor: "end", Class: "label", Text: "sessions issued"})
	for _, l := range inc.Links {
		tip := fmt.Sprintf("%s %s by %s: %s", ftime(l.Time), l.Operation, l.Issuer, l.SessionARN)
		c.Rects = append(c.Rects, svgchart.Rect{X: x(l.Time) - chartMinMarker/2, Y: rowY(0) + 3, W: chartMinMarker, H: chartRow - 6, Class: "link", Tip: tip})
	}
	for i, same := range rowsOfHunts {
		y := rowY(i + 1)
		c.Lines = append(c.Lines, svgchart.Line{X1: chartLabels, Y1: y, X2: chartWidth - chartRight, Y2: y, Class: "grid"})
		c.Texts = append(c.Texts, svgchart.Text{X: chartLabels - 8, Y: y + 14, Anchor: "end", Class: "label", Text: cut(same[0].HuntID, chartLabelLen)})
		for _, f := range same {
			x0, x1 := x(f.FirstTime), x(f.LastTime)
			tip := fmt.Sprintf("%s to %s, %s: %s (%d %s)", ftime(f.FirstTime), ftime(f.LastTime), f.Severity, f.Title,
				f.EventCount, plural(int(f.EventCount), "event", "events"))
			c.Rects = append(c.Rects, svgchart.Rect{X: x0, Y: y + 4, W: max(x1-x0, chartMinMarker), H: chartRow - 8, Class: "sev-" + f.Severity.String(), Tip: tip})
		}
	}
	if hidden > 0 {
		c.Texts = append(c.Texts, svgchart.Text{X: chartLabels - 8, Y: rowY(len(rowsOfHunts)+1) + 14, Anchor: "end", Class: "label",
			Text: fmt.Sprintf("%d more hunts", hidden)})
	}
	c.Lines = append(c.Lines, svgchart.Line{X1: chartLabels, Y1: base, X2: chartWidth - chartRight, Y2: base, Class: "axis"})
	sameDay := start.UTC().YearDay() == end.UTC().YearDay() && start.UTC().Year() == end.UTC().Year()
	for i := 0; i <= chartTicks; i++ {
		t := start.Add(end.Sub(start) * time.Duration(i) / chartTicks)
		layout := "01-02 15:04"
		if sameDay {
			layout = "15:04:05"
		}
		anchor := "middle"
		switch i {
		case 0:
			anchor = "start"
		case chartTicks:
			anchor = "end"
		}
		c.Lines = append(c.Lines, svgchart.Line{X1: x(t), Y1: base, X2: x(t), Y2: base + 4, Class: "axis"})
		c.Texts = append(c.Texts, svgchart.Text{X: x(t), Y: base + 16, Anchor: anchor, Class: "tick", Text: t.UTC().Format(layout)})
	}
	return c
}

func ftime(t time.Time) string { return t.UTC().Format(timeLayout) }

func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
