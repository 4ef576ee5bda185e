package investigate

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/storage/lake"
)

// createTracedCalls creates entity_traced_calls (tracedCallsSelect) from
// the row groups whose bloom filters may hold the entity or one of its
// sessions (tracedCallProbes), for an entity its files' filters can answer
// (Holding): read over every file, it was half of 'investigate principal'
// of the medium bench's user, whose calls and sessions' calls are in a
// third of the files (0.94 s of 2.4 s; 0.50 s this way, timed per
// statement on the 2-core AMD EPYC of the README's benchmark tables).
func (inv *Investigation) createTracedCalls(ctx context.Context, h *engine.Holding, panel Statement) error {
	sessions, err := inv.sessionProbes(ctx)
	if err != nil {
		return fmt.Errorf("panel %s: %w", panel.Panel, err)
	}
	e := inv.opt.Entity
	columns, cond := fillPanel(tracedCallColumns, e, false, true), fillPanel(tracedCallCondition, e, false, true)
	parts := make([]string, len(lake.CloudTrailAll.Tables))
	for i, t := range lake.CloudTrailAll.Tables {
		own := engine.Probe{Probe: lake.Probe{Columns: h.Columns[t.View], Value: h.Value}}
		sel, err := inv.engine.ProbedSelect(t.View, columns, cond, append([]engine.Probe{own}, sessions...))
		if err != nil {
			return fmt.Errorf("panel %s: %w", panel.Panel, err)
		}
		parts[i] = "\n    SELECT * FROM (\n" + sel + "\n    )"
	}
	return inv.createFilledTable(ctx, "entity_traced_calls", strings.Join(parts, "\n    UNION ALL BY NAME"), panel)
}

// sessionColumns are the columns tracedCallCondition compares a session's
// key or ARN with: the caller's key, or its ARN when it has none.
var sessionColumns = []string{"actor.user.credential_uid", "actor.user.uid"}

// sessionProbes are the values of entity_sessions that tracedCallCondition
// looks for, each over the times a panel counts a call made with it:
//   - an access key from its session's creation to its expiry, the times
//     sessionCallMatch and the identity chain join its calls in (a call
//     made with it at another time is in no panel);
//   - the ARN of a session matched by ARN (sessionKeys) from its creation,
//     which such a call names, for as long as credentials live
//     (engine.MaxSessionLifetime), since its expiry is not compared.
//
// A value of several sessions is looked for over all their times. Bounding
// each value in time asks each file only the few sessions of its day.
func (inv *Investigation) sessionProbes(ctx context.Context) ([]engine.Probe, error) {
	rows, err := inv.engine.Query(ctx, `SELECT access_key_id, coalesce(session_arn, ''),
        entity_hop > 0 AND arn_rank = 1 AND session_arn IS NOT NULL, created, expires
    FROM entity_sessions`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byValue := map[string]*engine.Probe{}
	add := func(value string, from, to time.Time) {
		p, ok := byValue[value]
		if !ok {
			byValue[value] = &engine.Probe{Probe: lake.Probe{Columns: sessionColumns, Value: value}, From: from, To: to}
			return
		}
		if from.Before(p.From) {
			p.From = from
		}
		if to.After(p.To) {
			p.To = to
		}
	}
	for rows.Next() {
		var key, arn string
		var byARN bool
		var created, expires time.Time
		if err := rows.Scan(&key, &arn, &byARN, &created, &expires); err != nil {
			return nil, err
		}
		// The bounds are half-open and a call at its key's expiry counts.
		add(key, created, expires.Add(time.Nanosecond))
		if byARN {
			add(arn, created, created.Add(engine.MaxSessionLifetime))
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	probes := make([]engine.Probe, 0, len(byValue))
	for _, p := range byValue {
		probes = append(probes, *p)
	}
	slices.SortFunc(probes, func(a, b engine.Probe) int { return strings.Compare(a.Value, b.Value) })
	return probes, nil
}
