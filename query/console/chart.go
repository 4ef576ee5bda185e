package console

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/lakehunt/lakehunt/query/svgchart"
)

// Chart geometry.
const (
	chartWidth  = 560
	chartHeight = 220
	chartLeft   = 48
	chartBottom = 24
	barRow      = 20
	barLabels   = 200
)

// seriesClasses colour a time chart's series, in order (the CSS has them).
var seriesClasses = []string{"s0", "s1", "s2", "s3", "s4", "s5"}

// timeChart stacks each bucket's series values: columns bucket, series,
// value as the panel SQL returns them. href links a bar to its events.
func timeChart(label string, t *table, from, to time.Time, bucket time.Duration, href func(b bar) string) (*svgchart.Chart, []legendItem) {
	var series []string
	type cell struct {
		at     time.Time
		series int
		value  float64
	}
	var cells []cell
	for _, r := range t.Rows {
		if len(r) < 3 {
			continue
		}
		at, err := time.Parse("2006-01-02 15:04:05Z07", r[0])
		if err != nil {
			if at, err = time.Parse(time.RFC3339, r[0]); err != nil {
				continue
			}
		}
		v, _ := strconv.ParseFloat(r[2], 64)
		i := slices.Index(series, r[1])
		if i < 0 {
			series = append(series, r[1])
			i = len(series) - 1
		}
		cells = append(cells, cell{at, i, v})
	}
	n := max(1, int(to.Sub(from)/bucket))
	stacks := make([]float64, n+1)
	for _, c := range cells {
		if i := int(c.at.Sub(from) / bucket); i >= 0 && i <= n {
			stacks[i] += c.value
		}
	}
	peak := slices.Max(stacks)
	if peak == 0 {
		peak = 1
	}
	plotW, plotH := float64(chartWidth-chartLeft-8), float64(chartHeight-chartBottom-8)
	barW := plotW / float64(n+1)
	ch := &svgchart.Chart{Label: label, Width: chartWidth, Height: chartHeight}
	ch.Lines = append(ch.Lines, svgchart.Line{X1: chartLeft, Y1: 8 + plotH, X2: chartLeft + plotW, Y2: 8 + plotH, Class: "axis"})
	ch.Texts = append(ch.Texts,
		svgchart.Text{X: chartLeft - 4, Y: 14, Anchor: "end", Class: "tick", Text: shortNumber(peak)},
		svgchart.Text{X: chartLeft - 4, Y: 8 + plotH, Anchor: "end", Class: "tick", Text: "0"},
		svgchart.Text{X: chartLeft, Y: chartHeight - 6, Anchor: "start", Class: "tick", Text: from.UTC().Format("2006-01-02 15:04")},
		svgchart.Text{X: chartLeft + plotW, Y: chartHeight - 6, Anchor: "end", Class: "tick", Text: to.UTC().Format("2006-01-02 15:04")})
	base := make([]float64, n+1)
	for _, c := range cells {
		i := int(c.at.Sub(from) / bucket)
		if i < 0 || i > n || c.value <= 0 {
			continue
		}
		h := c.value / peak * plotH
		y := 8 + plotH - base[i] - h
		base[i] += h
		ch.Rects = append(ch.Rects, svgchart.Rect{X: chartLeft + float64(i)*barW, Y: y, W: max(barW-1, 1), H: h,
			Class: seriesClasses[c.series%len(seriesClasses)], Tip: fmt.Sprintf("%s %s: %s", c.at.UTC().Format("2006-01-02 15:04"), series[c.series], shortNumber(c.value)),
			Href: href(bar{Key: timeBarKey(c.at), Series: series[c.series], set: true})})
	}
	legend := make([]legendItem, len(series))
	for i, s := range series {
		legend[i] = legendItem{Class: seriesClasses[i%len(seriesClasses)], Name: s}
	}
	return ch, legend
}

type legendItem struct{ Class, Name string }

// barChart draws the label and value columns as horizontal bars; href
// links a bar to its events.
func barChart(label string, t *table, href func(b bar) string) *svgchart.Chart {
	rows := t.Rows[:min(len(t.Rows), 15)]
	ch := &svgchart.Chart{Label: label, Width: chartWidth, Height: max(len(rows), 1)*barRow + 8}
	var peak float64
	values := make([]float64, len(rows))
	for i, r := range rows {
		values[i], _ = strconv.ParseFloat(r[len(r)-1], 64)
		peak = max(peak, values[i])
	}
	if peak == 0 {
		peak = 1
	}
	plotW := float64(chartWidth - barLabels - 60)
	for i, r := range rows {
		y := float64(i*barRow + 4)
		name := r[0]
		if name == "" {
			name = "(none)"
		}
		ch.Texts = append(ch.Texts, svgchart.Text{X: barLabels - 6, Y: y + 13, Anchor: "end", Class: "label", Text: cutText(name, 30)})
		w := max(values[i]/peak*plotW, 1)
		ch.Rects = append(ch.Rects, svgchart.Rect{X: barLabels, Y: y, W: w, H: barRow - 5, Class: "s0", Tip: name + ": " + r[len(r)-1], Href: href(bar{Key: r[0], set: true})})
		ch.Texts = append(ch.Texts, svgchart.Text{X: barLabels + w + 4, Y: y + 13, Anchor: "start", Class: "tick", Text: shortNumber(values[i])})
	}
	return ch
}

func cutText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func shortNumber(f float64) string {
	switch {
	case f >= 1e9:
		return strconv.FormatFloat(f/1e9, 'f', 1, 64) + "G"
	case f >= 1e6:
		return strconv.FormatFloat(f/1e6, 'f', 1, 64) + "M"
	case f >= 1e4:
		return strconv.FormatFloat(f/1e3, 'f', 0, 64) + "k"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}
