package console

import (
	"context"
	"database/sql"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/lakehunt/lakehunt/engine/timeflag"
	"github.com/lakehunt/lakehunt/query/workflow"
)

// view is what every page's URL holds: the window [From, To) and the
// account and region filters ("" is all).
type view struct {
	From, To        time.Time
	Last            string // the preset the window came from, if any
	Account, Region string
}

// Presets are the window picker's relative choices.
var presets = []string{"1h", "24h", "7d", "30d", "90d"}

const defaultLast = "7d"

// parseView reads from/to (dates, RFC 3339 or durations before the
// anchor) or last, and the filters. The anchor is --now, else the end of
// the lake's newest day, so a lake of old logs opens on its data.
func (s *Server) parseView(ctx context.Context, r *http.Request) (view, error) {
	q := r.URL.Query()
	v := view{Account: q.Get("account"), Region: q.Get("region"), Last: q.Get("last")}
	anchor := s.anchor(ctx)
	if q.Get("from") != "" || q.Get("to") != "" {
		v.Last = ""
		var err error
		if v.From, err = timeflag.Parse(q.Get("from"), anchor); q.Get("from") == "" || err != nil {
			return v, fmt.Errorf("from: %w", orMissing(err, "from"))
		}
		v.To = anchor
		if q.Get("to") != "" {
			if v.To, err = timeflag.Parse(q.Get("to"), anchor); err != nil {
				return v, fmt.Errorf("to: %w", err)
			}
		}
	} else {
		if v.Last == "" {
			v.Last = defaultLast
		}
		d, err := timeflag.ParseDuration(v.Last)
		if err != nil || d <= 0 {
			return v, fmt.Errorf("last: want a duration such as 24h or 7d, got %q", v.Last)
		}
		v.From, v.To = anchor.Add(-d), anchor
	}
	if !v.From.Before(v.To) {
		return v, fmt.Errorf("empty window: %s is not before %s", v.From.Format(time.RFC3339), v.To.Format(time.RFC3339))
	}
	return v, nil
}

func orMissing(err error, name string) error {
	if err != nil {
		return err
	}
	return fmt.Errorf("give %s with the other end of the window", name)
}

// values is the view as URL parameters.
func (v view) values() url.Values {
	q := url.Values{}
	if v.Last != "" {
		q.Set("last", v.Last)
	} else {
		q.Set("from", v.From.UTC().Format(time.RFC3339))
		q.Set("to", v.To.UTC().Format(time.RFC3339))
	}
	if v.Account != "" {
		q.Set("account", v.Account)
	}
	if v.Region != "" {
		q.Set("region", v.Region)
	}
	return q
}

// Query is the view's query string, for links. It is a template.URL, as
// html/template would otherwise escape its = and & as those of one value.
func (v view) Query() template.URL { return template.URL(v.values().Encode()) }

// With is the query string with one more parameter.
func (v view) With(key, value string) template.URL {
	q := v.values()
	q.Set(key, value)
	return template.URL(q.Encode())
}

var anchorOnce struct {
	sync.Mutex
	byLake map[string]time.Time
}

// anchor is --now, else the end of the UTC day of the lake's newest event
// (looked up once), else the clock.
func (s *Server) anchor(ctx context.Context) time.Time {
	if !s.opt.Now.IsZero() {
		return s.opt.Now
	}
	anchorOnce.Lock()
	defer anchorOnce.Unlock()
	if t, ok := anchorOnce.byLake[s.opt.Lake]; ok {
		return t
	}
	t := time.Now().UTC()
	if newest, err := s.newestEvent(ctx); err == nil && !newest.IsZero() {
		t = newest.UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
	}
	if anchorOnce.byLake == nil {
		anchorOnce.byLake = map[string]time.Time{}
	}
	anchorOnce.byLake[s.opt.Lake] = t
	return t
}

func (s *Server) newestEvent(ctx context.Context) (time.Time, error) {
	eng, err := workflow.Session{Lake: s.opt.Lake}.Open(ctx)
	if err != nil {
		return time.Time{}, err
	}
	defer eng.Close()
	rows, err := eng.Query(ctx, "SELECT greatest((SELECT max(time_dt) FROM cloudtrail_all), (SELECT max(time_dt) FROM vpcflow))")
	if err != nil {
		return time.Time{}, err
	}
	defer rows.Close()
	var t sql.NullTime
	if rows.Next() {
		if err := rows.Scan(&t); err != nil {
			return time.Time{}, err
		}
	}
	return t.Time, rows.Err()
}

// Hidden are the view's parameters as name and value pairs, for a form's
// hidden inputs.
func (v view) Hidden() [][2]string {
	var out [][2]string
	for _, k := range []string{"last", "from", "to", "account", "region"} {
		if val := v.values().Get(k); val != "" {
			out = append(out, [2]string{k, val})
		}
	}
	return out
}
