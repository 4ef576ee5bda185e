package watch

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// Delivery defaults: five tries a second, two, four and eight apart.
const (
	DefaultAttempts = 5
	DefaultBackoff  = time.Second
)

// journal is the destination every alert goes to: one JSON line per alert
// in <lake>/_lakehunt/watch/alerts.jsonl. It skips an alert whose key it
// already holds, so the journal has each alert once even when a crash
// made the outbox deliver it again.
type journal struct{ dir string }

const journalName = "journal"

func (j journal) Name() string { return journalName }

func (j journal) Send(_ context.Context, a Alert) error {
	held, err := journalHolds(filepath.Join(j.dir, journalFile), a.Key)
	if err != nil || held {
		return err
	}
	return appendLine(j.dir, journalFile, a)
}

func journalHolds(path, key string) (bool, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for sc.Scan() {
		var line struct {
			Key string `json:"key"`
		}
		// A line cut short by a crash is not an alert; the alert is
		// written again after it.
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Key == key {
			return true, nil
		}
	}
	return false, sc.Err()
}

// deadLetter is a line of dead-letter.jsonl: an alert a destination
// refused every time.
type deadLetter struct {
	Destination string    `json:"destination"`
	Error       string    `json:"error"`
	Attempts    int       `json:"attempts"`
	At          time.Time `json:"at"`
	Alert       Alert     `json:"alert"`
}

// deliverer works through the outbox: for each alert and each destination
// still to reach, send, and record the success in the state before the
// next. An alert is thus sent at least once to each destination; it is
// sent twice only when the process dies after the destination accepted it
// and before the state recorded that, and the second copy has the same
// Idempotency-Key.
type deliverer struct {
	dir      string
	senders  []Sender
	attempts int
	backoff  time.Duration
	log      *slog.Logger
	// onAttempt, for tests, hears each attempt before it is made.
	onAttempt func(dest string, a Alert)
	// failed hears each dead-lettered alert's failure, for Health.
	failed func(error)
}

func (d *deliverer) destinations() []string {
	names := []string{journalName}
	for _, s := range d.senders {
		names = append(names, s.Name())
	}
	return names
}

func (d *deliverer) sender(name string) Sender {
	if name == journalName {
		return journal{d.dir}
	}
	for _, s := range d.senders {
		if s.Name() == name {
			return s
		}
	}
	return nil
}

// deliver empties the outbox as far as it can, saving the state after
// each delivery. It returns the number of deliveries made and the first
// error of saving the state or of ctx.
func (d *deliverer) deliver(ctx context.Context, st *state) (sent int, err error) {
	for len(st.Outbox) > 0 {
		p := st.Outbox[0]
		for len(p.Destinations) > 0 {
			dest := p.Destinations[0]
			s := d.sender(dest)
			var sendErr error
			if s == nil {
				sendErr = errors.New("destination no longer configured")
			} else {
				sendErr = d.try(ctx, s, p)
			}
			if ctx.Err() != nil {
				return sent, ctx.Err()
			}
			if sendErr != nil {
				d.log.Error("alert dead-lettered", "destination", dest, "key", p.Alert.Key, "error", sendErr.Error())
				if d.failed != nil {
					d.failed(fmt.Errorf("alert %s dead-lettered for %s: %w", p.Alert.Key, dest, sendErr))
				}
				if err := appendLine(d.dir, deadLetterFile, deadLetter{Destination: dest, Error: sendErr.Error(), Attempts: p.Failures[dest], At: time.Now().UTC(), Alert: p.Alert}); err != nil {
					return sent, err
				}
			} else {
				sent++
				d.log.Info("alert delivered", "destination", dest, "key", p.Alert.Key, "incident", p.Alert.Incident.ID, "severity", p.Alert.Incident.Severity.String())
			}
			p.Destinations = p.Destinations[1:]
			delete(p.Failures, dest)
			if err := st.save(d.dir); err != nil {
				return sent, err
			}
		}
		st.Outbox = slices.Delete(st.Outbox, 0, 1)
		if err := st.save(d.dir); err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// try sends with exponential backoff until the attempts are used up.
func (d *deliverer) try(ctx context.Context, s Sender, p *pending) error {
	dest := s.Name()
	wait := d.backoff
	for {
		if d.onAttempt != nil {
			d.onAttempt(dest, p.Alert)
		}
		err := s.Send(ctx, p.Alert)
		if err == nil || ctx.Err() != nil {
			return err
		}
		if p.Failures == nil {
			p.Failures = map[string]int{}
		}
		p.Failures[dest]++
		if p.Failures[dest] >= d.attempts {
			return fmt.Errorf("%d attempts failed, the last: %w", p.Failures[dest], err)
		}
		d.log.Warn("alert delivery failed, will retry", "destination", dest, "key", p.Alert.Key, "attempt", p.Failures[dest], "retry_in", wait.String(), "error", err.Error())
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait *= 2
	}
}
