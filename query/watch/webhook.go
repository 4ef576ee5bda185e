package watch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// Webhook formats.
const (
	WebhookGeneric = "generic"
	WebhookSlack   = "slack"
)

// Webhook posts alerts as JSON: the Alert itself (generic), or a Slack
// incoming-webhook message ({"text": ...}). Every request carries the
// Idempotency-Key header.
type Webhook struct {
	URL    string
	Format string
	Client *http.Client
}

// NewWebhook checks the URL and format.
func NewWebhook(rawURL, format string) (*Webhook, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		// The URL itself is not repeated: a Slack or Teams webhook URL is
		// its own credential.
		return nil, fmt.Errorf("invalid webhook URL: want http:// or https:// and a host")
	}
	switch format {
	case "":
		format = WebhookGeneric
	case WebhookGeneric, WebhookSlack:
	default:
		return nil, fmt.Errorf("unknown webhook format %q (want generic or slack)", format)
	}
	return &Webhook{URL: rawURL, Format: format, Client: &http.Client{Timeout: 30 * time.Second}}, nil
}

// Name is the webhook's scheme and host: the path and query of a webhook
// URL often hold its token.
func (w *Webhook) Name() string {
	u, _ := url.Parse(w.URL)
	return "webhook " + u.Scheme + "://" + u.Host
}

// Body is the JSON the webhook posts for the alert.
func (w *Webhook) Body(a Alert) ([]byte, error) {
	if w.Format == WebhookSlack {
		return json.Marshal(map[string]string{"text": a.Text()})
	}
	return json.Marshal(a)
}

func (w *Webhook) Send(ctx context.Context, a Alert) error {
	body, err := w.Body(a)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%s: cannot build request", w.Name())
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", a.Key)
	req.Header.Set("User-Agent", "lakehunt-watch")
	resp, err := w.Client.Do(req)
	if err != nil {
		// url.Error repeats the whole URL; say only which host failed.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("%s: %w", w.Name(), err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("%s answered %s", w.Name(), resp.Status)
	}
	return nil
}
