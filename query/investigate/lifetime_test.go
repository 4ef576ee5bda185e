package investigate

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/lakehunt/lakehunt/engine"
)

// TestLifetimeFromEachEnd: the lifetime read from the days at each end of
// the lake is the one statement over every file that may hold the entity
// gives, for entities seen on one day, on several, in flows alone, and
// nowhere; and a lake with a file lakehunt did not write, whose rows need
// not lie in its day, is read in one statement.
func TestLifetimeFromEachEnd(t *testing.T) {
	ctx := context.Background()
	f := func(root string, kind Kind, value string, wantSeen, wantBounded bool) {
		t.Helper()
		e, err := engine.Open(ctx, engine.Options{Lake: root})
		if err != nil {
			t.Fatal(err)
		}
		defer e.Close()
		entity, err := NewEntity(kind, value)
		if err != nil {
			t.Fatal(err)
		}
		opt := Options{Entity: entity}
		sources, err := lifetimeSources(e, entity)
		if err != nil {
			t.Fatal(err)
		}
		bounded := true
		for _, s := range sources {
			bounded = bounded && s.files.Bounded
		}
		if bounded != wantBounded {
			t.Errorf("%s %s: every file bounded to its day: %v, want %v", kind, value, bounded, wantBounded)
		}
		want, err := lifetimeOver(ctx, e, opt, sources, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := lifetimeIn(ctx, e, opt)
		if err != nil {
			t.Fatal(err)
		}
		if (want != nil) != wantSeen || (got == nil) != (want == nil) || got != nil && (!got.Start.Equal(want.Start) || !got.End.Equal(want.End)) {
			t.Errorf("%s %s: lifetime %v, want %v (seen: %v)", kind, value, got, want, wantSeen)
		}
	}
	root := incidentLake(t)
	f(root, KindPrincipal, "arn:aws:iam::111122223333:user/alice", true, true)
	f(root, KindPrincipal, "arn:aws:iam::111122223333:user/backdoor", true, true)
	f(root, KindIP, "203.0.113.50", true, true)
	f(root, KindIP, "198.51.100.10", true, true)
	f(root, KindIP, "10.0.1.15", true, true)
	f(root, KindIP, "192.0.2.1", false, true)

	// The same lake with one CloudTrail file under a name lakehunt does
	// not give its files, as a file pulled from Security Lake has.
	pulled := t.TempDir()
	if err := os.CopyFS(pulled, os.DirFS(root)); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(pulled, "aws", "CLOUD_TRAIL_MGMT", "2.0", "*", "*", "*", "*.parquet"))
	if err != nil || len(files) == 0 {
		t.Fatalf("CloudTrail files %v (%v)", files, err)
	}
	if err := os.Rename(files[0], filepath.Join(filepath.Dir(files[0]), "pulled-from-security-lake.zstd.parquet")); err != nil {
		t.Fatal(err)
	}
	f(pulled, KindPrincipal, "arn:aws:iam::111122223333:user/alice", true, false)
}
