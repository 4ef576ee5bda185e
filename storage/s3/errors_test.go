package s3

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/source"
)

// TestCredentialErrors checks that a failing listing names the bucket, the
// cause and where the credentials came from, and never prints the secret.
func TestCredentialErrors(t *testing.T) {
	v := startVersity(t)
	v.client(t, "trail")
	ctx := context.Background()

	f := func(setup func(), cfg Config, uri string, want ...string) {
		t.Helper()
		isolateAWSEnv(t, testAccessKey, testSecretKey)
		setup()
		cfg.EndpointURL = v.Endpoint
		cfg.MaxAttempts = 1
		c, err := NewClient(ctx, cfg)
		if err == nil {
			_, _, err = ExpandS3(ctx, c, source.CloudTrail, uri, time.Time{}, time.Time{})
		}
		if err == nil {
			t.Fatalf("listing %s succeeded, want an error with %q", uri, want)
		}
		msg := err.Error()
		for _, w := range want {
			if !strings.Contains(msg, w) {
				t.Errorf("error %q lacks %q", msg, w)
			}
		}
		for _, secret := range []string{testSecretKey, "wrong-secret-value-123", "profile-secret-456"} {
			if strings.Contains(msg, secret) {
				t.Errorf("error %q prints a secret", msg)
			}
		}
	}

	f(func() { t.Setenv("AWS_SECRET_ACCESS_KEY", "wrong-secret-value-123") }, Config{}, "s3://trail/AWSLogs/",
		"s3://trail/AWSLogs/", "secret access key does not match", "environment variables")
	f(func() { t.Setenv("AWS_ACCESS_KEY_ID", "UNKNOWNKEY") }, Config{}, "s3://trail/",
		"s3://trail/", "access key id is not known", "environment variables")
	f(func() {}, Config{}, "s3://no-such-bucket/",
		"s3://no-such-bucket/", "bucket does not exist")

	// A profile from a credentials file: the message names the file and
	// the profile, never the key.
	creds := filepath.Join(t.TempDir(), "credentials")
	if err := os.WriteFile(creds, []byte("[hunt]\naws_access_key_id = UNKNOWNKEY\naws_secret_access_key = profile-secret-456\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f(func() {
		t.Setenv("AWS_ACCESS_KEY_ID", "")
		t.Setenv("AWS_SECRET_ACCESS_KEY", "")
		t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
	}, Config{Profile: "hunt"}, "s3://trail/",
		"s3://trail/", "access key id is not known", creds, "profile hunt")

	// No credentials anywhere: the message says where the SDK looked.
	f(func() {
		t.Setenv("AWS_ACCESS_KEY_ID", "")
		t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	}, Config{}, "s3://trail/",
		"s3://trail/", "no usable AWS credentials", "shared config")
}
