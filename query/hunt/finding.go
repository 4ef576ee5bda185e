package hunt

import (
	"cmp"
	"database/sql"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/engine/result"
)

// FindingColumns is the shape every hunt's SQL returns, in this order.
var FindingColumns = []string{
	"first_time", "last_time", "account", "region", "actor", "src_ip",
	"summary", "event_count", "evidence_uids", "evidence_total",
}

// Finding is one result row of a hunt, with the hunt's identity added.
type Finding struct {
	HuntID        string    `json:"hunt_id"`
	Title         string    `json:"title"`
	Severity      Severity  `json:"severity"`
	FirstTime     time.Time `json:"first_time"`
	LastTime      time.Time `json:"last_time"`
	Account       string    `json:"account"`
	Region        string    `json:"region"`
	Actor         string    `json:"actor"`
	SrcIP         string    `json:"src_ip"`
	Summary       string    `json:"summary"`
	EventCount    int64     `json:"event_count"`
	EvidenceUIDs  []string  `json:"evidence_uids"`
	EvidenceTotal int64     `json:"evidence_total"`
	// IncidentID names the incident the finding is part of, when the run
	// grouped its findings into incidents (query/incident).
	IncidentID string `json:"incident_id,omitempty"`
}

// scanFindings reads a hunt's result set, checking its shape first.
func scanFindings(h *Hunt, rows *result.Rows) ([]Finding, error) {
	cols := rows.Names()
	if !slices.Equal(cols, FindingColumns) {
		return nil, fmt.Errorf("returns columns (%s), want (%s)", strings.Join(cols, ", "), strings.Join(FindingColumns, ", "))
	}
	var out []Finding
	for rows.Next() {
		var (
			first, last                         sql.NullTime
			account, region, actor, ip, summary sql.NullString
			count, evidence, total              any
			err                                 error
		)
		if err = rows.Scan(&first, &last, &account, &region, &actor, &ip, &summary, &count, &evidence, &total); err != nil {
			return nil, err
		}
		f := Finding{
			HuntID:    h.ID,
			Title:     h.Title,
			Severity:  h.Severity,
			FirstTime: first.Time.UTC(),
			LastTime:  last.Time.UTC(),
			Account:   account.String,
			Region:    region.String,
			Actor:     actor.String,
			SrcIP:     ip.String,
			Summary:   summary.String,
		}
		if f.EventCount, err = asInt64(count); err != nil {
			return nil, fmt.Errorf("event_count: %w", err)
		}
		if f.EvidenceTotal, err = asInt64(total); err != nil {
			return nil, fmt.Errorf("evidence_total: %w", err)
		}
		if f.EvidenceUIDs, err = asStrings(evidence); err != nil {
			return nil, fmt.Errorf("evidence_uids: %w", err)
		}
		if len(f.EvidenceUIDs) > result.MaxEvidence {
			f.EvidenceUIDs = f.EvidenceUIDs[:result.MaxEvidence]
		}
		f.EvidenceTotal = max(f.EvidenceTotal, int64(len(f.EvidenceUIDs)))
		out = append(out, f)
	}
	return out, rows.Err()
}

func asInt64(v any) (int64, error) {
	switch n := v.(type) {
	case nil:
		return 0, nil
	case int64:
		return n, nil
	case uint64:
		return int64(n), nil
	case float64:
		return int64(n), nil
	case *big.Int:
		if !n.IsInt64() {
			return 0, fmt.Errorf("%s does not fit in 64 bits", n)
		}
		return n.Int64(), nil
	}
	return 0, fmt.Errorf("got %T, want an integer", v)
}

func asStrings(v any) ([]string, error) {
	switch l := v.(type) {
	case nil:
		return []string{}, nil
	case []any:
		out := make([]string, 0, len(l))
		for _, item := range l {
			switch s := item.(type) {
			case nil:
			case string:
				out = append(out, s)
			default:
				return nil, fmt.Errorf("list holds %T, want strings", item)
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("got %T, want a list of strings", v)
}

// SortFindings orders findings most severe first, then by time and hunt,
// and ties by where and who, so that the output is the same on every run
// whatever order a hunt's SQL returned them in: two sweeps of one port in
// one second, from two hosts, differ only in account, actor or evidence.
func SortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if a.Severity != b.Severity {
			return int(b.Severity) - int(a.Severity)
		}
		if c := a.FirstTime.Compare(b.FirstTime); c != 0 {
			return c
		}
		return cmp.Or(
			strings.Compare(a.HuntID, b.HuntID),
			strings.Compare(a.Summary, b.Summary),
			strings.Compare(a.Account, b.Account),
			strings.Compare(a.Region, b.Region),
			strings.Compare(a.Actor, b.Actor),
			strings.Compare(a.SrcIP, b.SrcIP),
			a.LastTime.Compare(b.LastTime),
			slices.Compare(a.EvidenceUIDs, b.EvidenceUIDs),
		)
	})
}
