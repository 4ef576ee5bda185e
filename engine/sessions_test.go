package engine

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/golden"
	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
	"github.com/lakehunt/lakehunt/storage/source"
)

// ingestTrail builds a lake from raw CloudTrail files through the real
// pipeline and opens an engine on all of it. A rejected record fails the
// test: a fixture the pipeline cannot read tests nothing.
func ingestTrail(t testing.TB, files ...string) *Engine {
	t.Helper()
	dir := t.TempDir()
	w, err := lake.OpenWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	sources, skipped, err := source.Expand(source.CloudTrail, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	opt := ingest.CloudTrailOptions(time.Now())
	opt.Workers, opt.BatchRows = 1, 256
	sum, err := ingest.Run(context.Background(), w, sources, skipped, opt)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rejected > 0 {
		t.Fatalf("%d records of %v rejected", sum.Rejected, files)
	}
	return openSmallLake(t, Options{Lake: dir, Dialect: DialectDuckDB})
}

// The hand-written chain: alice assumes Deployer, whose session assumes
// DataReader in another account (logged in both), which reads a payroll
// object, and uses its key again after it expired; bob's GetSessionToken
// key; carol's SAML session, once with and once without an access key.
func TestSessionChainGolden(t *testing.T) {
	e := ingestTrail(t, filepath.Join("testdata", "sessions", "chain.json"))
	var got strings.Builder
	for _, q := range []string{
		`SELECT session_arn, access_key_id, session_name, role_arn, issuing_event_uid, issuing_operation, issuer, issuer_type,
			issuer_access_key, source_identity, src_ip, created, expires, account, region, origin, origin_type, hops,
			list_transform(chain, l -> l.issuing_event_uid) AS chain_events
		FROM sessions ORDER BY created, access_key_id`,
		`SELECT metadata.uid, origin, origin_type, session_hops, list_transform(session_chain, l -> l.session_arn) AS chain_sessions
		FROM cloudtrail_with_origin ORDER BY time_dt, metadata.uid`,
	} {
		got.WriteString(strings.Join(queryStrings(t, e, q), "\n") + "\n\n")
	}
	golden.Check(t, filepath.Join("testdata", "sessions", "chain.golden"), []byte(got.String()))
}

// traced_sessions gives the rows of the sessions view for the keys it is
// given when they hold the keys up each chain: all of them, or one chain.
func TestTracedSessionsMatchSessions(t *testing.T) {
	e := ingestTrail(t, filepath.Join("testdata", "sessions", "chain.json"))
	f := func(keys, only string) {
		t.Helper()
		want := queryStrings(t, e, `SELECT * FROM sessions WHERE access_key_id IN (`+only+`) ORDER BY access_key_id`)
		got := queryStrings(t, e, `SELECT * FROM traced_sessions((`+keys+`)) WHERE access_key_id IN (`+only+`) ORDER BY access_key_id`)
		if len(want) == 0 || strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("traced_sessions(%s) gives\n%s\nsessions gives\n%s", keys, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	f(`SELECT list(access_key_id) FROM issued_sessions`, `SELECT access_key_id FROM sessions`)
	longest := `SELECT access_key_id FROM sessions WHERE hops > 1 ORDER BY hops DESC, access_key_id LIMIT 1`
	f(`SELECT list_transform(chain, l -> l.access_key_id) FROM sessions WHERE access_key_id = (`+longest+`)`, longest)
}

// Over the Stratus Red Team detonations, every event made with a key that
// an AssumeRole or GetFederationToken of the same detonation issued is
// traced to that call's caller; the count per file is computed here from
// the raw JSON, independently of the SQL.
func TestSessionsStratus(t *testing.T) {
	dir := sharedcorpus.Dir(t, "corpus", "stratus")
	files, err := filepath.Glob(filepath.Join(dir, "aws.*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no detonation files in %s: %v", dir, err)
	}
	want := map[string]int{} // account -> events made with a key issued in the file
	total := 0
	for _, f := range files {
		account, n := issuedKeyUses(t, f)
		if n > 0 {
			want[account] += n
			total += n
			t.Logf("%s: %d events made with a key the detonation issued", filepath.Base(f), n)
		}
	}
	e := ingestTrail(t, files...)
	got := map[string]int{}
	for _, row := range queryStrings(t, e, `SELECT accountid, origin, origin_type, session_hops, count(*)
		FROM cloudtrail_with_origin WHERE session_hops > 0 GROUP BY ALL ORDER BY ALL`) {
		cells := strings.Split(row, " | ")
		account, origin, originType, hops := cells[0], cells[1], cells[2], cells[3]
		if originType != "IAMUser" || !strings.HasPrefix(origin, "arn:aws:iam::"+account+":user/") || hops != "1" {
			t.Errorf("account %s: origin %s (%s) after %s hops, want a user of the account after 1", account, origin, originType, hops)
		}
		var n int
		if err := json.Unmarshal([]byte(cells[4]), &n); err != nil {
			t.Fatal(err)
		}
		got[account] += n
	}
	for account, n := range want {
		if got[account] != n {
			t.Errorf("account %s: %d events traced to their session's origin, want %d", account, got[account], n)
		}
	}
	if len(got) != len(want) || total == 0 {
		t.Errorf("traced events by account %v, want %v", got, want)
	}
	// Sessions issued outside the detonation keep their own ARN as origin.
	for _, row := range queryStrings(t, e, `SELECT DISTINCT origin_type FROM cloudtrail_with_origin
		WHERE actor.user.type = 'AssumedRole' AND session_hops = 0`) {
		if row != "AssumedRole" {
			t.Errorf("an untraced session's origin type is %s, want AssumedRole", row)
		}
	}
}

// issuedKeyUses counts the records of a detonation file made with an access
// key that a record of the same file issued, and names the file's account.
func issuedKeyUses(t *testing.T, path string) (account string, n int) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var records []struct {
		RecipientAccountID string `json:"recipientAccountId"`
		UserIdentity       struct {
			AccessKeyID string `json:"accessKeyId"`
		} `json:"userIdentity"`
		ResponseElements struct {
			Credentials struct {
				AccessKeyID string `json:"accessKeyId"`
			} `json:"credentials"`
		} `json:"responseElements"`
	}
	if err := json.Unmarshal(data, &records); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	issued := map[string]bool{}
	for _, r := range records {
		if k := r.ResponseElements.Credentials.AccessKeyID; k != "" {
			issued[k] = true
		}
	}
	for _, r := range records {
		account = r.RecipientAccountID
		if issued[r.UserIdentity.AccessKeyID] {
			n++
		}
	}
	return account, n
}
