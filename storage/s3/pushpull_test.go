package s3

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

// buildLake ingests the test logs (both kinds) from disk into a new lake.
func buildLake(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	w, err := lake.OpenWriter(root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	ctx := context.Background()
	trail, skipped, err := source.Expand(source.CloudTrail, []string{"testdata/bucket"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Run(ctx, w, trail, skipped, ingest.CloudTrailOptions(time.Now())); err != nil {
		t.Fatal(err)
	}
	flows, skipped, err := source.Expand(source.VPCFlow, []string{"testdata/bucket"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Run(ctx, w, flows, skipped, ingest.VPCFlowOptions(ingest.FlowConfig{})); err != nil {
		t.Fatal(err)
	}
	return root
}

// dataFiles maps the data files of a lake (paths relative to the root) to
// their bytes.
func dataFiles(t *testing.T, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(filepath.Join(root, "aws"), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		data, err := os.ReadFile(path)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sortedKeys[V any](m map[string]V) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func pull(t *testing.T, c *Client, root, uri string, opt PullOptions) *PullSummary {
	t.Helper()
	w, err := lake.OpenWriter(root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	sum, err := Pull(context.Background(), c, w, uri, opt)
	if err != nil {
		t.Fatalf("pull %s: %v", uri, err)
	}
	return sum
}

func TestPushPull(t *testing.T) {
	v := startVersity(t)
	c := v.client(t, "lake")
	ctx := context.Background()
	local := buildLake(t)
	want := dataFiles(t, local)
	if len(want) < 4 {
		t.Fatalf("test lake holds %d data files, want several", len(want))
	}

	pushed, err := Push(ctx, c, local, "s3://lake/hunt", PushOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if pushed.Uploaded != len(want) || pushed.Unchanged != 0 || len(pushed.Stale) != 0 {
		t.Errorf("push: %d uploaded, %d unchanged, %d stale; want %d, 0, 0", pushed.Uploaded, pushed.Unchanged, len(pushed.Stale), len(want))
	}
	puts := c.Requests().Put
	again, err := Push(ctx, c, local, "s3://lake/hunt/", PushOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if again.Uploaded != 0 || again.Unchanged != len(want) || c.Requests().Put != puts {
		t.Errorf("second push uploaded %d (%d PUTs), %d unchanged; want 0 and %d", again.Uploaded, c.Requests().Put-puts, again.Unchanged, len(want))
	}

	// Pull the whole prefix into an empty lake: the same files, byte for byte.
	copied := t.TempDir()
	sum := pull(t, c, copied, "s3://lake/hunt/", PullOptions{})
	if sum.Files != len(want) || len(sum.Skipped) != 0 || len(sum.Rejected) != 0 {
		t.Errorf("pull: %d files, skipped %v, rejected %v; want %d files", sum.Files, sum.Skipped, sum.Rejected, len(want))
	}
	got := dataFiles(t, copied)
	if !slices.Equal(sortedKeys(got), sortedKeys(want)) {
		t.Fatalf("pulled files\n%q\nwant\n%q", sortedKeys(got), sortedKeys(want))
	}
	for name, data := range want {
		if !bytes.Equal(got[name], data) {
			t.Errorf("%s differs after push and pull", name)
		}
	}
	wantInfo, err := lake.Info(local)
	if err != nil {
		t.Fatal(err)
	}
	gotInfo, err := lake.Info(copied)
	if err != nil {
		t.Fatal(err)
	}
	for i := range wantInfo {
		w, g := wantInfo[i], gotInfo[i]
		if g.Rows != w.Rows || g.Files != w.Files || g.Partitions != w.Partitions || !g.MinTime.Equal(*w.MinTime) || !g.MaxTime.Equal(*w.MaxTime) {
			t.Errorf("lake info of %s after pull: %d rows, %d files, %d partitions, %s..%s; pushed lake: %d, %d, %d, %s..%s",
				w.Table, g.Rows, g.Files, g.Partitions, g.MinTime, g.MaxTime, w.Rows, w.Files, w.Partitions, w.MinTime, w.MaxTime)
		}
	}

	// Pulling again fetches nothing.
	gets := c.Requests().Get
	if again := pull(t, c, copied, "s3://lake/hunt/", PullOptions{}); again.Files != 0 || again.Unchanged != len(want) {
		t.Errorf("second pull copied %d files, %d unchanged; want 0 and %d", again.Files, again.Unchanged, len(want))
	}
	if n := c.Requests().Get - gets; n != 0 {
		t.Errorf("second pull fetched %d objects", n)
	}

	// A window pulls only its days, listing the day folders directly.
	var wantDay []string
	for _, name := range sortedKeys(want) {
		if strings.HasPrefix(name, "aws/CLOUD_TRAIL_MGMT/") && strings.Contains(name, "/eventDay=20240305/") {
			wantDay = append(wantDay, name)
		}
	}
	windowed := t.TempDir()
	lists := c.Requests().List
	pull(t, c, windowed, "s3://lake/hunt/aws/CLOUD_TRAIL_MGMT/2.0/", PullOptions{From: day("2024-03-05"), To: day("2024-03-06")})
	if got := sortedKeys(dataFiles(t, windowed)); !slices.Equal(got, wantDay) {
		t.Errorf("windowed pull copied\n%q\nwant\n%q", got, wantDay)
	}
	// Regions (1), accounts of us-east-1 and eu-west-1 (2), then one day
	// folder per region and account: us-east-1 has two accounts.
	if n := c.Requests().List - lists; n != 1+2+3 {
		t.Errorf("windowed pull sent %d List requests, want 6", n)
	}

	// A remote file the lake does not have is reported, then deleted.
	stale := "hunt/aws/VPC_FLOW/2.0/region=us-east-1/accountId=111122223333/eventDay=20240305/0123456789abcdef0123456789abcdef.zstd.parquet"
	putObject(t, c, "lake", stale, want[sortedKeys(want)[0]])
	report, err := Push(ctx, c, local, "s3://lake/hunt/", PushOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(report.Stale, []string{"s3://lake/" + stale}) || report.Deleted != 0 {
		t.Errorf("push reported stale %q and deleted %d, want the one stale file kept", report.Stale, report.Deleted)
	}
	cleaned, err := Push(ctx, c, local, "s3://lake/hunt/", PushOptions{Delete: true})
	if err != nil {
		t.Fatal(err)
	}
	if cleaned.Deleted != 1 {
		t.Errorf("push --delete removed %d files, want 1", cleaned.Deleted)
	}
}

// TestPullRejectsUnsafeKeys puts keys that must not become local paths or
// partitions into a Security Lake layout and checks that pull skips them.
func TestPullRejectsUnsafeKeys(t *testing.T) {
	v := startVersity(t)
	c := v.client(t, "securitylake")
	local := buildLake(t)
	var good []byte
	for _, data := range dataFiles(t, local) {
		good = data
		break
	}
	base := "aws/CLOUD_TRAIL_MGMT/2.0/"
	ok := base + "region=us-east-1/accountId=111122223333/eventDay=20240305/good.gz.parquet"
	bad := map[string]string{
		base + "region=us-east-1/accountId=111122223333/eventDay=20240305/nested/x.parquet":   "not directly in a partition folder",
		base + "region=us-east-1/accountId=111122223333/eventDay=20240305/.hidden.parquet":    "unsafe",
		base + "region=us-east-1/accountId=111122223333/eventDay=20240305/notes.txt":          "not a .parquet file",
		base + "region=us-east-1/accountId=111122223333/eventDay=2024-03-05/x.parquet":        "invalid eventDay",
		base + "region=us-east-1/accountId=..%2F..%2Fetc/eventDay=20240305/x.parquet":         "invalid account",
		base + "region=us%20east/accountId=111122223333/eventDay=20240305/x.parquet":          "invalid region",
		base + "region=us-east-1/accountId=111122223333/eventDay=20240305/x..zstd.parquet":    "unsafe",
		base + "region=us-east-1/accountId=111122223333/eventDay=20240305/naïve.zstd.parquet": "unsafe",
	}
	for key := range bad {
		putObject(t, c, "securitylake", key, good)
	}
	putObject(t, c, "securitylake", ok, good)
	garbage := base + "region=us-east-1/accountId=111122223333/eventDay=20240305/garbage.zstd.parquet"
	putObject(t, c, "securitylake", garbage, []byte("not parquet at all"))

	root := t.TempDir()
	sum := pull(t, c, root, "s3://securitylake/", PullOptions{})
	if sum.Files != 1 {
		t.Errorf("pulled %d files, want the one good file", sum.Files)
	}
	skipped := map[string]string{}
	for _, s := range sum.Skipped {
		skipped[strings.TrimPrefix(s.Name, "s3://securitylake/")] = s.Reason
	}
	for key, reason := range bad {
		if !strings.Contains(skipped[key], reason) {
			t.Errorf("%s skipped for %q, want %q", key, skipped[key], reason)
		}
	}
	if len(sum.Rejected) != 1 || sum.Rejected[0].Name != "s3://securitylake/"+garbage || !strings.Contains(sum.Rejected[0].Reason, "not a Parquet file") {
		t.Errorf("rejected %v, want the garbage object", sum.Rejected)
	}
	files := sortedKeys(dataFiles(t, root))
	if !slices.Equal(files, []string{"aws/CLOUD_TRAIL_MGMT/2.0/region=us-east-1/accountId=111122223333/eventDay=20240305/good.gz.zstd.parquet"}) {
		t.Errorf("lake files after pull: %q", files)
	}
	// The rejected object is in the manifest: pulling again fetches nothing.
	gets := c.Requests().Get
	pull(t, c, root, "s3://securitylake/", PullOptions{})
	if n := c.Requests().Get - gets; n != 0 {
		t.Errorf("second pull fetched %d objects", n)
	}
}

func TestTableRoots(t *testing.T) {
	f := func(prefix string, want []string, wantBelow []string, wantErr string) {
		t.Helper()
		roots, err := tableRoots(prefix)
		if wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), wantErr) {
				t.Errorf("tableRoots(%q) error %v, want %q", prefix, err, wantErr)
			}
			return
		}
		if err != nil {
			t.Fatalf("tableRoots(%q): %v", prefix, err)
		}
		var got []string
		for _, r := range roots {
			got = append(got, r.key)
		}
		if !slices.Equal(got, want) {
			t.Errorf("tableRoots(%q) = %q, want %q", prefix, got, want)
		}
		if len(roots) == 1 && !slices.Equal(roots[0].below, wantBelow) {
			t.Errorf("tableRoots(%q) below %q, want %q", prefix, roots[0].below, wantBelow)
		}
	}
	every := func(base string) []string {
		return []string{base + "aws/CLOUD_TRAIL_MGMT/2.0/", base + "aws/S3_DATA/2.0/", base + "aws/LAMBDA_EXECUTION/2.0/", base + "aws/VPC_FLOW/2.0/"}
	}
	f("", every(""), nil, "")
	f("aws/", every(""), nil, "")
	f("export/", every("export/"), nil, "")
	f("export/aws/", every("export/"), nil, "")
	f("aws/CLOUD_TRAIL_MGMT/", []string{"aws/CLOUD_TRAIL_MGMT/2.0/"}, nil, "")
	f("aws/S3_DATA/2.0/", []string{"aws/S3_DATA/2.0/"}, nil, "")
	f("aws/LAMBDA_EXECUTION/2.0/region=eu-west-1/", []string{"aws/LAMBDA_EXECUTION/2.0/"}, []string{"region=eu-west-1"}, "")
	f("aws/VPC_FLOW/2.0/region=us-east-1/", []string{"aws/VPC_FLOW/2.0/"}, []string{"region=us-east-1"}, "")
	f("aws/CLOUD_TRAIL_MGMT/1.0/", nil, nil, "source version \"1.0\"")
	f("aws/ROUTE53/2.0/", nil, nil, "unknown Security Lake source \"ROUTE53\"")
}
