package watch

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
)

// Command runs a shell command per alert with the alert's JSON on stdin;
// exit status 0 is delivery. The environment carries LAKEHUNT_ALERT_KEY,
// LAKEHUNT_INCIDENT_ID and LAKEHUNT_SEVERITY for scripts that want them
// without parsing JSON.
type Command struct {
	Shell string // the command line, run by sh -c
}

func (c *Command) Name() string { return "command" }

func (c *Command) Send(ctx context.Context, a Alert) error {
	body, err := json.Marshal(a)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, "sh", "-c", c.Shell)
	cmd.Stdin = bytes.NewReader(body)
	cmd.Env = append(cmd.Environ(),
		"LAKEHUNT_ALERT_KEY="+a.Key, "LAKEHUNT_INCIDENT_ID="+a.Incident.ID, "LAKEHUNT_SEVERITY="+a.Incident.Severity.String())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 200 {
			msg = msg[:200] + "..."
		}
		if msg != "" {
			return fmt.Errorf("alert command failed: %w: %s", err, msg)
		}
		return fmt.Errorf("alert command failed: %w", err)
	}
	return nil
}
