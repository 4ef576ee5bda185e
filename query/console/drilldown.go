package console

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/engine/sqltext"
	"github.com/lakehunt/lakehunt/query/investigate"
)

// bar is one bar of a panel's chart, as its drill-down URL names it: a
// label (bar chart), a country (map), or a time bucket's start and a
// series (time chart). The zero bar is the whole panel; an empty label
// (NULL) is a bar of its own, so a URL names a bar by having bar= at all.
type bar struct {
	Key    string // bar= : the label, the country, or the bucket's start (RFC 3339)
	Series string // series= : a time chart's series
	set    bool
}

func (b bar) isZero() bool { return !b.set }

// barOf reads the bar a drill-down URL names.
func barOf(r *http.Request) bar {
	q := r.URL.Query()
	_, set := q["bar"]
	return bar{Key: q.Get("bar"), Series: q.Get("series"), set: set}
}

// barQuery is the view's query string with the bar's parameters.
func barQuery(v view, b bar) string {
	q := v.values()
	if b.set {
		q.Set("bar", b.Key)
		if b.Series != "" {
			q.Set("series", b.Series)
		}
	}
	return q.Encode()
}

// barHref is the drill-down page of one bar.
func barHref(d *Dashboard, p *Panel, v view, b bar) string {
	return "/dashboards/" + url.PathEscape(d.ID) + "/" + url.PathEscape(p.ID) + "/events?" + barQuery(v, b)
}

// describe names the bar for people.
func (b bar) describe(p *Panel) string {
	switch {
	case b.isZero():
		return ""
	case p.Chart == chartTime:
		return b.Key + " · " + orNone(b.Series)
	}
	return orNone(b.Key)
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// text is how a label or series is compared: as the tables show it, with
// NULL as the empty text the CSV writer gives it.
func text(expr string) string { return "coalesce(CAST((" + expr + ") AS VARCHAR), '')" }

// barEventsSQL is the statement of the events behind one bar: the
// panel's events narrowed by the bar's key, which is bound ($bar_label,
// $bar_start and $bar_end with $bar_series, $bar_ips), never written in.
func (p Panel) barEventsSQL() (string, error) {
	var narrow string
	switch p.Chart {
	case chartBar:
		narrow = text(p.Label) + " = $bar_label"
	case chartTime:
		narrow = "time_dt >= $bar_start AND time_dt < $bar_end AND " + text(p.series()) + " = $bar_series"
	case chartMap:
		narrow = "list_contains($bar_ips, src_endpoint.ip)"
	default:
		return "", fmt.Errorf("panel %s is a table: its rows have no bars to open", p.ID)
	}
	return "SELECT " + eventColumns[p.Source] + "\nFROM " + p.Source + "\nWHERE " + p.where() + "\n  AND " + narrow + "\nORDER BY time_dt DESC", nil
}

// eventsStatement is the statement of the events behind a panel, or
// behind one bar of it, with its parameters bound; what names it for
// people.
func (s *Server) eventsStatement(ctx context.Context, v view, p *Panel, b bar) (text string, args []any, literal string, err error) {
	if b.isZero() {
		return bind(p.EventsSQL(), v)
	}
	sqlText, err := p.barEventsSQL()
	if err != nil {
		return "", nil, "", userError{err}
	}
	params := v.params()
	switch p.Chart {
	case chartBar:
		params["bar_label"] = sqltext.Text(b.Key)
	case chartTime:
		start, err := time.Parse(time.RFC3339, b.Key)
		if err != nil {
			return "", nil, "", userError{fmt.Errorf("bar: want the bucket's start as RFC 3339, got %q", b.Key)}
		}
		params["bar_start"] = sqltext.Timestamp(start)
		params["bar_end"] = sqltext.Timestamp(start.Add(bucketFor(v.To.Sub(v.From))))
		params["bar_series"] = sqltext.Text(b.Series)
	case chartMap:
		ips, err := s.countryIPs(ctx, v, p, b.Key)
		if err != nil {
			return "", nil, "", err
		}
		params["bar_ips"] = sqltext.TextList(ips)
	}
	return bindParams(sqlText, params)
}

// countryIPs are the addresses a map panel counts under the country: the
// panel's own rows, placed as the chart places them.
func (s *Server) countryIPs(ctx context.Context, v view, p *Panel, country string) ([]string, error) {
	geo, closeGeo, err := s.geo()
	if err != nil {
		return nil, err
	}
	defer closeGeo()
	eng, err := s.open(ctx, v, engine.DialectDuckDB)
	if err != nil {
		return nil, err
	}
	defer eng.Close()
	text, args, _, err := bind(p.SQL(), v)
	if err != nil {
		return nil, err
	}
	t, err := s.readTable(ctx, eng, text, args, 1000)
	if err != nil {
		return nil, err
	}
	ips := []string{}
	for _, row := range t.Rows {
		if countryOf(geo, row[0]) == country {
			ips = append(ips, row[0])
		}
	}
	slices.Sort(ips)
	return ips, nil
}

// countryOf is the country a map panel puts an address in.
func countryOf(geo *investigate.GeoIP, ip string) string {
	if g := geo.Locate(ip); g != nil && g.Country != "" {
		return g.Country
	}
	return "unknown"
}

// geo is the IP-to-country lookup of the map panels: the built-in offline
// database (query/geo) unless --geoip names a MaxMind file.
func (s *Server) geo() (*investigate.GeoIP, func(), error) {
	if s.opt.GeoIP == "" {
		return investigate.BuiltinGeoIP(), func() {}, nil
	}
	geo, err := investigate.OpenGeoIP(s.opt.GeoIP)
	if err != nil {
		return nil, nil, err
	}
	return geo, func() { geo.Close() }, nil
}

// timeBarKey is a time chart's bar key: its bucket's start.
func timeBarKey(t time.Time) string { return t.UTC().Format(time.RFC3339) }
