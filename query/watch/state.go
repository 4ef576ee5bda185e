package watch

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/lakehunt/lakehunt/query/hunt"
)

// Dir is where watch keeps its state, beside the lake's own metadata:
// <lake>/_lakehunt/watch/.
func Dir(lake string) string { return filepath.Join(lake, "_lakehunt", "watch") }

const (
	stateFile      = "state.json"
	journalFile    = "alerts.jsonl"
	deadLetterFile = "dead-letter.jsonl"
)

// state is everything a restart needs, in one file replaced atomically:
// how far the lake's commits have been hunted, what each incident looked
// like when last alerted, and the outbox of alerts not yet delivered.
// Recording the outbox and the incidents in the same write as the commit
// watermark is what makes a crash harmless: either the hunt's outcome is
// recorded whole, and its alerts are in the outbox, or nothing is, and the
// hunt runs again with the same outcome.
type state struct {
	// HuntedThrough is the id of the newest commit hunted over; commits
	// are named by time, so later ones sort after it.
	HuntedThrough string `json:"hunted_through,omitempty"`
	// Incidents are the incidents raised so far, by id, but those that
	// ended before PrunedBefore.
	Incidents map[string]*known `json:"incidents"`
	// PrunedBefore is the horizon of the last prune: incidents that ended
	// before it were taken out of the state (see prune).
	PrunedBefore time.Time `json:"pruned_before,omitzero"`
	// Outbox holds the alerts decided but not yet delivered everywhere.
	Outbox []*pending `json:"outbox"`
}

// known is what watch remembers of an incident.
type known struct {
	Severity     hunt.Severity `json:"severity"`
	FindingCount int           `json:"finding_count"`
	FirstTime    time.Time     `json:"first_time"`
	LastTime     time.Time     `json:"last_time"`
	// Revision counts the alerts raised for the incident; the
	// idempotency key of an alert is "<id>:<revision>".
	Revision int `json:"revision"`
	// AlertedSeverity and AlertedFindings are the incident as last
	// alerted: an update alerts again only when it is worse than that.
	AlertedSeverity hunt.Severity `json:"alerted_severity,omitzero"`
	AlertedFindings int           `json:"alerted_findings"`
	// MergedInto names the incident that took this one's findings over
	// when a finding earlier than all of them joined the story.
	MergedInto string `json:"merged_into,omitempty"`
	// Retired marks an incident a later run over all its events did not
	// build again (see retire).
	Retired bool `json:"retired,omitempty"`
	// FindingKeys name the incident's findings, to recognise it when its
	// id changes.
	FindingKeys []string `json:"finding_keys"`
}

// prune takes out of the state the incidents that ended before horizon,
// so that the state, written after every piece, and the look-ups over it
// do not grow with the watch's history. watch prunes at its longest
// look-back and twice the grouping gap before the newest event: a piece
// delivered in order reads no incident older than that (runTouched).
func (st *state) prune(horizon time.Time) int {
	if !horizon.After(st.PrunedBefore) {
		return 0
	}
	n := 0
	for id, k := range st.Incidents {
		if k.LastTime.Before(horizon) {
			delete(st.Incidents, id)
			n++
		}
	}
	st.PrunedBefore = horizon
	return n
}

// pending is one alert still to deliver to the destinations named.
type pending struct {
	Alert        Alert    `json:"alert"`
	Destinations []string `json:"destinations"`
	// Failures counts failed attempts per destination, across restarts.
	Failures map[string]int `json:"failures,omitempty"`
}

func loadState(dir string) (*state, error) {
	st := &state{Incidents: map[string]*known{}}
	data, err := os.ReadFile(filepath.Join(dir, stateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read watch state: %w", err)
	}
	if err := json.Unmarshal(data, st); err != nil {
		return nil, fmt.Errorf("cannot parse watch state %s: %w", filepath.Join(dir, stateFile), err)
	}
	if st.Incidents == nil {
		st.Incidents = map[string]*known{}
	}
	return st, nil
}

// save replaces the state file: written beside it, synced, renamed over
// it, and the directory synced, so a crash leaves the old state or the
// new one.
func (st *state) save(dir string) error {
	data, err := json.MarshalIndent(st, "", " ")
	if err != nil {
		return err
	}
	return writeAtomic(dir, stateFile, data)
}

func writeAtomic(dir, name string, data []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot create %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write watch state: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot write watch state: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot sync watch state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write watch state: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		return fmt.Errorf("cannot replace watch state: %w", err)
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// appendLine appends one JSON line to a file of the state directory and
// syncs it.
func appendLine(dir, name string, v any) error {
	line, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot create %s: %w", dir, err)
	}
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("cannot open %s: %w", name, err)
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("cannot append to %s: %w", name, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("cannot sync %s: %w", name, err)
	}
	return f.Close()
}
