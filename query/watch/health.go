package watch

import (
	"bufio"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/storage/lake"
)

// Health is what the health endpoint answers: enough for a probe to tell
// a watch that keeps up from one that is stuck, behind or failing to
// deliver.
type Health struct {
	Phase string `json:"phase"`
	// LastCommit is the lake's newest commit, HuntedThrough the newest one
	// hunted: when they differ for long, hunting is behind.
	LastCommit    *CommitInfo `json:"last_commit,omitempty"`
	HuntedThrough string      `json:"hunted_through,omitempty"`
	LastHunt      *HuntInfo   `json:"last_hunt,omitempty"`
	Commits       int         `json:"commits"`
	Events        int64       `json:"events"`
	Hunts         int         `json:"hunts"`
	Incidents     int         `json:"incidents"`
	AlertsSent    int         `json:"alerts_sent"`
	// Outbox is the alerts decided and not yet delivered everywhere;
	// DeadLetters the lines of dead-letter.jsonl, alerts a destination
	// refused every time.
	Outbox      int `json:"outbox"`
	DeadLetters int `json:"dead_letters"`
	// Errors are the latest failures, newest last (at most maxErrors).
	Errors []ErrorInfo `json:"errors"`
}

// CommitInfo names a commit of the lake.
type CommitInfo struct {
	ID   string    `json:"id"`
	Time time.Time `json:"time"`
}

// HuntInfo is the last incremental hunt.
type HuntInfo struct {
	At       time.Time   `json:"at"`
	Seconds  float64     `json:"seconds"`
	Window   hunt.Window `json:"window"`
	Findings int         `json:"findings"`
}

// ErrorInfo is one failure.
type ErrorInfo struct {
	At    time.Time `json:"at"`
	Error string    `json:"error"`
}

// maxErrors bounds the failures Health keeps: a watch that fails every
// poll for a week must not grow without end.
const maxErrors = 20

// failed records a failure for Health.
func (w *Watcher) failed(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.status.LastFailure = err.Error()
	w.errors = append(w.errors, ErrorInfo{At: time.Now().UTC(), Error: err.Error()})
	if len(w.errors) > maxErrors {
		w.errors = w.errors[len(w.errors)-maxErrors:]
	}
}

// Health reads the watch's state as it is now. It is safe to call while
// the watch runs.
func (w *Watcher) Health() (Health, error) {
	w.mu.Lock()
	s := w.status
	h := Health{
		Phase: s.Phase, HuntedThrough: w.huntedThrough, Commits: s.Commits, Events: s.Events, Hunts: s.Hunts,
		Incidents: s.Incidents, AlertsSent: s.AlertsSent, Outbox: s.Outbox, Errors: append([]ErrorInfo{}, w.errors...),
	}
	if s.Hunts > 0 {
		h.LastHunt = &HuntInfo{At: w.lastHuntAt, Seconds: s.LastHunt.Seconds(), Window: s.LastWindow, Findings: w.lastFindings}
	}
	w.mu.Unlock()
	commits, err := lake.ReadManifest(w.req.Ingest.Lake)
	if err != nil {
		return Health{}, err
	}
	if n := len(commits); n > 0 {
		h.LastCommit = &CommitInfo{ID: commits[n-1].ID, Time: commits[n-1].Time}
	}
	if h.DeadLetters, err = countLines(filepath.Join(w.dir, deadLetterFile)); err != nil {
		return Health{}, err
	}
	return h, nil
}

func countLines(path string) (int, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for sc.Scan() {
		n++
	}
	return n, sc.Err()
}

// HealthHandler serves Health as JSON at any path, to GET requests
// bearing "Authorization: Bearer <token>". The token is required: the
// health of a watch names its lake's commits and its failures, which may
// quote a destination's answer.
func HealthHandler(w *Watcher, token string) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		auth, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || token == "" || subtle.ConstantTimeCompare([]byte(auth), []byte(token)) != 1 {
			rw.Header().Set("WWW-Authenticate", `Bearer realm="lakehunt watch"`)
			http.Error(rw, "lakehunt watch health: send Authorization: Bearer TOKEN (the token 'watch' printed)", http.StatusUnauthorized)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(rw, "lakehunt watch health is read-only: "+r.Method+" is not allowed", http.StatusMethodNotAllowed)
			return
		}
		h, err := w.Health()
		if err != nil {
			http.Error(rw, "cannot read the watch's health: "+err.Error(), http.StatusInternalServerError)
			return
		}
		rw.Header().Set("Content-Type", "application/json")
		rw.Header().Set("Cache-Control", "no-store")
		json.NewEncoder(rw).Encode(h)
	})
}
