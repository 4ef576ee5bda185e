package watch

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/incident"
)

// Alert is what reaches people about an incident that is new, or worse
// than when it was last alerted. The JSON form is the generic webhook's
// body, the alert command's stdin and a line of the journal.
type Alert struct {
	// Key is "<incident id>:<revision>", sent as the Idempotency-Key
	// header: delivery is at least once, and a receiver that drops a key
	// it has seen gets each alert once.
	Key      string `json:"key"`
	Status   string `json:"status"` // "new" or "escalated"
	Revision int    `json:"revision"`
	// PreviousSeverity and PreviousFindings are what the last alert said,
	// for an escalation.
	PreviousSeverity *hunt.Severity `json:"previous_severity,omitempty"`
	PreviousFindings int            `json:"previous_findings,omitempty"`
	// Supersedes names incidents this one took over.
	Supersedes []string `json:"supersedes,omitempty"`
	// Link is the incident's page on the console, when one is configured.
	Link     string            `json:"link,omitempty"`
	RaisedAt time.Time         `json:"raised_at"`
	Incident incident.Incident `json:"incident"`
}

// Alert statuses.
const (
	StatusNew       = "new"
	StatusEscalated = "escalated"
)

// Text is the alert in a few lines, for chat and mail: severity, title,
// the summary, entities and the link.
func (a Alert) Text() string {
	inc := a.Incident
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] %s incident %s: %s\n", strings.ToUpper(inc.Severity.String()), a.Status, inc.ID, inc.Title)
	if a.Status == StatusEscalated && a.PreviousSeverity != nil {
		fmt.Fprintf(&b, "Was %s with %d findings, now %s with %d.\n", *a.PreviousSeverity, a.PreviousFindings, inc.Severity, inc.FindingCount)
	}
	fmt.Fprintf(&b, "%s\n", inc.Summary)
	entity := func(name string, values []string) {
		if len(values) == 0 {
			return
		}
		shown := values
		if len(shown) > 5 {
			shown = shown[:5]
		}
		more := ""
		if len(values) > len(shown) {
			more = fmt.Sprintf(" (+%d more)", len(values)-len(shown))
		}
		fmt.Fprintf(&b, "%s: %s%s\n", name, strings.Join(shown, ", "), more)
	}
	entity("Principals", inc.Principals)
	entity("Access keys", inc.AccessKeys)
	entity("Source IPs", inc.SrcIPs)
	entity("Accounts", inc.Accounts)
	entity("Hunts", inc.HuntIDs)
	fmt.Fprintf(&b, "%s to %s, %d findings", inc.FirstTime.UTC().Format(time.RFC3339), inc.LastTime.UTC().Format(time.RFC3339), inc.FindingCount)
	if a.Link != "" {
		fmt.Fprintf(&b, "\n%s", a.Link)
	}
	return b.String()
}

// Sender delivers an alert to one destination. A nil error means the
// destination accepted it; Send is retried on error.
type Sender interface {
	// Name names the destination in the outbox and in logs; it holds no
	// secret (a webhook is named by its host, not its URL).
	Name() string
	Send(ctx context.Context, a Alert) error
}

// IncidentLink is the console page of an incident: base + /incidents/{id}.
func IncidentLink(base, id string) string {
	if base == "" {
		return ""
	}
	return strings.TrimRight(base, "/") + "/incidents/" + url.PathEscape(id)
}
