// Package svgchart holds the inline SVG charts of lakehunt's HTML reports:
// a chart is laid out in Go as rectangles, lines and texts, and drawn by
// an html/template definition, so every text in it (user agents, names
// chosen by whoever made an API call) is escaped like any other value.
// Reports embed the SVG in the page: no script, nothing loaded.
package svgchart

import (
	"html/template"
	"strconv"
)

// Chart is a laid-out chart.
type Chart struct {
	Label         string // accessible name
	Width, Height int
	Rects         []Rect
	Texts         []Text
	Lines         []Line
}

// Rect is a rectangle; Tip is shown on hover, and Href, when set, makes
// it a link (the console's bars open the events behind them).
type Rect struct {
	X, Y, W, H float64
	Class      string
	Tip        string
	Href       string
}

// Text is a label; Anchor is start, middle or end.
type Text struct {
	X, Y   float64
	Anchor string
	Class  string
	Text   string
}

// Line is a straight line.
type Line struct {
	X1, Y1, X2, Y2 float64
	Class          string
}

// chartTemplate draws a *Chart: {{template "chart" .SomeChart}}.
const chartTemplate = `{{define "chart"}}<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{{.Label}}" width="{{.Width}}" height="{{.Height}}" viewBox="0 0 {{.Width}} {{.Height}}">
{{- range .Lines}}<line x1="{{svgnum .X1}}" y1="{{svgnum .Y1}}" x2="{{svgnum .X2}}" y2="{{svgnum .Y2}}" class="{{.Class}}"/>{{end}}
{{- range .Rects}}{{if .Href}}<a href="{{.Href}}">{{end}}<rect x="{{svgnum .X}}" y="{{svgnum .Y}}" width="{{svgnum .W}}" height="{{svgnum .H}}" class="{{.Class}}">{{if .Tip}}<title>{{.Tip}}</title>{{end}}</rect>{{if .Href}}</a>{{end}}{{end}}
{{- range .Texts}}<text x="{{svgnum .X}}" y="{{svgnum .Y}}" text-anchor="{{.Anchor}}" class="{{.Class}}">{{.Text}}</text>{{end}}
</svg>{{end}}`

// Define adds the "chart" template, which draws a *Chart, to t.
func Define(t *template.Template) *template.Template {
	return template.Must(t.Funcs(template.FuncMap{"svgnum": formatNumber}).Parse(chartTemplate))
}

// formatNumber writes a coordinate with one decimal, enough for a screen.
func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
