package investigate

import (
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/lakehunt/lakehunt/query/svgchart"
)

// The charts' primitives are svgchart's, shared with the incident report.
type (
	svgChart = svgchart.Chart
	svgRect  = svgchart.Rect
	svgText  = svgchart.Text
	svgLine  = svgchart.Line
)

// stackedBucket is one timeline bucket with two stacked amounts.
type stackedBucket struct {
	Start         time.Time
	First, Second int64
}

// Timeline chart geometry.
const (
	timelineWidth  = 960
	timelineHeight = 200
	timelineLeft   = 70
	timelineRight  = 10
	timelineTop    = 24
	timelineBottom = 26
	maxTimeLabels  = 8
)

// timelineChart draws buckets as stacked columns, first at the bottom.
func timelineChart(label string, buckets []stackedBucket, names, classes [2]string, format func(int64) string) *svgChart {
	c := &svgChart{Label: label, Width: timelineWidth, Height: timelineHeight}
	plotW := float64(timelineWidth - timelineLeft - timelineRight)
	plotH := float64(timelineHeight - timelineTop - timelineBottom)
	base := float64(timelineHeight - timelineBottom)
	var peak int64
	for _, b := range buckets {
		peak = max(peak, b.First+b.Second)
	}
	c.Lines = append(c.Lines, svgLine{X1: timelineLeft, Y1: base, X2: timelineWidth - timelineRight, Y2: base, Class: "axis"})
	c.Texts = append(c.Texts,
		svgText{X: timelineLeft - 6, Y: base, Anchor: "end", Class: "tick", Text: format(0)},
		svgText{X: timelineLeft - 6, Y: timelineTop + 4, Anchor: "end", Class: "tick", Text: format(peak)},
	)
	c.Lines = append(c.Lines, svgLine{X1: timelineLeft, Y1: timelineTop, X2: timelineWidth - timelineRight, Y2: timelineTop, Class: "grid"})
	// Legend, top right.
	for i := range 2 {
		x := float64(timelineWidth - timelineRight - 220 + i*110)
		c.Rects = append(c.Rects, svgRect{X: x, Y: 4, W: 10, H: 10, Class: classes[i]})
		c.Texts = append(c.Texts, svgText{X: x + 14, Y: 13, Anchor: "start", Class: "legend", Text: names[i]})
	}
	if len(buckets) == 0 {
		return c
	}
	slot := plotW / float64(len(buckets))
	gap := min(2, slot/5)
	sameDay := buckets[0].Start.YearDay() == buckets[len(buckets)-1].Start.YearDay() && buckets[0].Start.Year() == buckets[len(buckets)-1].Start.Year()
	every := (len(buckets) + maxTimeLabels - 1) / maxTimeLabels
	for i, b := range buckets {
		x := timelineLeft + float64(i)*slot
		if i%every == 0 {
			layout := "01-02 15:04"
			if sameDay {
				layout = "15:04"
			}
			c.Lines = append(c.Lines, svgLine{X1: x, Y1: base, X2: x, Y2: base + 4, Class: "axis"})
			c.Texts = append(c.Texts, svgText{X: x, Y: base + 16, Anchor: "start", Class: "tick", Text: b.Start.UTC().Format(layout)})
		}
		if peak == 0 {
			continue
		}
		tip := fmt.Sprintf("%s: %s %s, %s %s", formatTime(b.Start), format(b.First), names[0], format(b.Second), names[1])
		y := base
		for j, v := range []int64{b.First, b.Second} {
			if v == 0 {
				continue
			}
			// A non-zero amount stays visible however small.
			h := max(float64(v)/float64(peak)*plotH, 1.5)
			y -= h
			c.Rects = append(c.Rects, svgRect{X: x + gap/2, Y: y, W: slot - gap, H: h, Class: classes[j], Tip: tip})
		}
	}
	return c
}

// hbarItem is one row of a horizontal bar chart; Part is drawn in a
// second colour within Value (the failed calls among the calls).
type hbarItem struct {
	Label       string
	Value, Part int64
}

// Horizontal bar chart geometry.
const (
	hbarWidth      = 960
	hbarLabelWidth = 360
	hbarValueWidth = 110
	hbarRow        = 22
	hbarLabelRunes = 52
)

// hbarChart draws one bar per item, the longest for the largest value;
// partName says what Part counts.
func hbarChart(label string, items []hbarItem, partName string, format func(int64) string) *svgChart {
	c := &svgChart{Label: label, Width: hbarWidth, Height: max(len(items), 1)*hbarRow + 8}
	var peak int64
	for _, it := range items {
		peak = max(peak, it.Value)
	}
	barSpace := float64(hbarWidth - hbarLabelWidth - hbarValueWidth)
	for i, it := range items {
		y := float64(i*hbarRow + 4)
		c.Texts = append(c.Texts, svgText{X: hbarLabelWidth - 8, Y: y + 14, Anchor: "end", Class: "label", Text: cutRunes(it.Label, hbarLabelRunes)})
		if peak > 0 && it.Value > 0 {
			w := max(float64(it.Value)/float64(peak)*barSpace, 1.5)
			tip := it.Label + ": " + format(it.Value)
			if it.Part > 0 {
				tip += fmt.Sprintf(" (%s %s)", format(it.Part), partName)
			}
			c.Rects = append(c.Rects, svgRect{X: hbarLabelWidth, Y: y + 2, W: w, H: hbarRow - 6, Class: "bar", Tip: tip})
			if it.Part > 0 {
				pw := max(float64(it.Part)/float64(it.Value)*w, 1.5)
				c.Rects = append(c.Rects, svgRect{X: hbarLabelWidth + w - pw, Y: y + 2, W: pw, H: hbarRow - 6, Class: "bad", Tip: tip})
			}
			c.Texts = append(c.Texts, svgText{X: hbarLabelWidth + w + 6, Y: y + 14, Anchor: "start", Class: "value", Text: format(it.Value)})
		}
	}
	return c
}

func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func formatCount(n int64) string { return fmt.Sprint(n) }
