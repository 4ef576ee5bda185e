package hunt

import (
	"strconv"
	"time"
)

// Meta is a hunt's header as 'hunt list --format json' shows it.
type Meta struct {
	ID          string      `json:"id"`
	Title       string      `json:"title"`
	Description string      `json:"description"`
	Severity    Severity    `json:"severity"`
	Tactics     []string    `json:"tactics"`
	Techniques  []string    `json:"techniques"`
	Source      Source      `json:"source"`
	Logic       Logic       `json:"logic"`
	Stateful    bool        `json:"stateful"`
	Baseline    string      `json:"baseline,omitempty"`
	Params      []ParamMeta `json:"params"`
	Covers      []string    `json:"covers"`
	Tags        []string    `json:"tags"`
	Origin      string      `json:"origin"`
	SQL         string      `json:"sql,omitempty"`
}

// ParamMeta describes one parameter.
type ParamMeta struct {
	Name    string    `json:"name"`
	Type    ParamType `json:"type"`
	Default string    `json:"default"`
	Doc     string    `json:"doc,omitempty"`
}

// Meta returns the hunt's header; withSQL adds its SQL.
func (h *Hunt) Meta(withSQL bool) Meta {
	m := Meta{
		ID: h.ID, Title: h.Title, Description: h.Description, Severity: h.Severity,
		Tactics: nonNil(h.Tactics), Techniques: nonNil(h.Techniques), Source: h.Source, Logic: h.Logic,
		Stateful: h.Stateful(), Covers: nonNil(h.Covers), Tags: nonNil(h.Tags), Origin: h.Origin,
		Params: []ParamMeta{},
	}
	if h.Baseline > 0 {
		m.Baseline = FormatDuration(h.Baseline)
	}
	for _, p := range h.Params {
		m.Params = append(m.Params, ParamMeta{Name: p.Name, Type: p.Type, Default: p.Default, Doc: p.Doc})
	}
	if withSQL {
		m.SQL = h.SQL
	}
	return m
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// FormatDuration writes whole days as "14d" and other durations in Go's
// form, the way hunt headers give them.
func FormatDuration(d time.Duration) string {
	const day = 24 * time.Hour
	if d > 0 && d%day == 0 {
		return strconv.FormatInt(int64(d/day), 10) + "d"
	}
	return d.String()
}
