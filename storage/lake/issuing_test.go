package lake

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/lakehunt/lakehunt/storage/ocsf"
)

// TestIssuingCalls: a CloudTrail data file's issuing calls are the
// successful calls that issue credentials, every one of them, committed
// with the file; a compaction writes those of the merged file, without
// the duplicates it drops.
func TestIssuingCalls(t *testing.T) {
	root, w := openTestWriter(t)
	part, err := NewPartition("us-east-1", "111122223333", testDay)
	if err != nil {
		t.Fatal(err)
	}
	event := func(minute int, uid, operation, errorCode string) Row[ocsf.CloudTrailEvent] {
		ms := testDay.UnixMilli() + int64(minute)*60_000
		v := ocsf.CloudTrailEvent{Time: ms, TimeDt: ms, Metadata: ocsf.Metadata{UID: uid}, API: ocsf.API{Operation: operation}}
		if errorCode != "" {
			v.API.Response = &ocsf.APIResponse{Error: errorCode}
		}
		return Row[ocsf.CloudTrailEvent]{Part: part, TimeMs: ms, Value: v, Key: [16]byte{byte(len(uid)), uid[0], uid[len(uid)-1]}}
	}
	commit := func(rows ...Row[ocsf.CloudTrailEvent]) Staged {
		order, _ := SortByPartitionAndTime(rows)
		st := stageRows(t, w, CloudTrail, part, rows, order, true)
		if _, err := w.Commit(CloudTrail, nil, []Staged{st}, nil); err != nil {
			t.Fatal(err)
		}
		return st
	}
	events := func(rel string) []ocsf.CloudTrailEvent {
		t.Helper()
		f, err := os.Open(filepath.Join(root, rel))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := parquet.Read[ocsf.CloudTrailEvent](f, mustSize(t, f))
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	uids := func(rel string) string {
		t.Helper()
		var out []string
		for _, r := range events(rel) {
			out = append(out, r.Metadata.UID)
		}
		return strings.Join(out, " ")
	}
	// A copy keeps of a call's documents what a trace reads; the data
	// file keeps them whole.
	a1 := event(1, "a1", "AssumeRole", "")
	a1.Value.API.Request = &ocsf.APIRequest{Data: `{"roleArn":"arn:aws:iam::111122223333:role/r","durationSeconds":900}`}
	a1.Value.API.Response = &ocsf.APIResponse{Data: `{"credentials":{"accessKeyId":"ASIA1","sessionToken":"token","expiration":"e"}}`}
	documents := func(rel string) string {
		t.Helper()
		for _, r := range events(rel) {
			if r.Metadata.UID == "a1" {
				return r.API.Request.Data + " " + r.API.Response.Data
			}
		}
		return ""
	}
	const whole, cut = `{"roleArn":"arn:aws:iam::111122223333:role/r","durationSeconds":900} {"credentials":{"accessKeyId":"ASIA1","sessionToken":"token","expiration":"e"}}`,
		`{"durationSeconds":900} {"credentials":{"accessKeyId":"ASIA1","expiration":"e"}}`
	a := commit(a1, event(2, "a2", "AssumeRole", "AccessDenied"), event(3, "a3", "DescribeInstances", ""),
		event(4, "a4", "GetSessionToken", ""))
	if got := documents(a.Entry.Issuing); got != cut {
		t.Errorf("the copy of a1: %s, want %s", got, cut)
	}
	if got := documents(a.Entry.Path); got != whole {
		t.Errorf("a1 in its data file: %s, want %s", got, whole)
	}
	b := commit(event(5, "b1", "AssumeRoleWithSAML", ""), event(4, "a4", "GetSessionToken", ""), event(6, "b2", "GetFederationToken", ""),
		event(7, "b3", "AssumeRoleWithWebIdentity", ""), event(8, "b4", "ListBuckets", ""))
	f := func(rel, want string) {
		t.Helper()
		if got := uids(rel); got != want {
			t.Errorf("issuing calls of %s: %q, want %q", rel, got, want)
		}
	}
	f(a.Entry.Issuing, "a1 a4")
	f(b.Entry.Issuing, "a4 b1 b2 b3")
	files, _, _ := ListFiles(root, CloudTrail, testDay, testDay.AddDate(0, 0, 1))
	for _, path := range files {
		if IssuingFile(root, CloudTrail, path) == "" {
			t.Errorf("%s: no issuing calls file", path)
		}
	}
	if _, err := w.CompactPartition(CloudTrail, part); err != nil {
		t.Fatal(err)
	}
	files, _, _ = ListFiles(root, CloudTrail, testDay, testDay.AddDate(0, 0, 1))
	if len(files) != 1 {
		t.Fatalf("after compaction: %v", files)
	}
	rel, _ := filepath.Rel(root, IssuingFile(root, CloudTrail, files[0]))
	f(rel, "a1 a4 b1 b2 b3")
	if got := documents(rel); got != cut {
		t.Errorf("the compaction's copy of a1: %s, want %s", got, cut)
	}
	if problems, err := w.Verify(); err != nil || len(problems) > 0 {
		t.Errorf("verify: %v %v", problems, err)
	}
	if IssuingFile(root, VPCFlow, files[0]) != "" {
		t.Error("a table without issuing calls names a file of them")
	}
}

func mustSize(t *testing.T, f *os.File) int64 {
	t.Helper()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}
