package source

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeExpandTree creates the files under root (a name ending in "/" is a directory; "a -> b" is a
// symbolic link a pointing to b).
func writeExpandTree(t *testing.T, root string, names ...string) {
	t.Helper()
	for _, name := range names {
		link, target, isLink := strings.Cut(name, " -> ")
		path := filepath.Join(root, filepath.FromSlash(link))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		switch {
		case isLink:
			err = os.Symlink(target, path)
		case strings.HasSuffix(name, "/"):
			err = os.MkdirAll(path, 0o755)
		default:
			err = os.WriteFile(path, []byte(`{"Records":[]}`), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestExpand(t *testing.T) {
	root := t.TempDir()
	const (
		trail   = "AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/us-east-1/2024/03/05/111122223333_CloudTrail_us-east-1_20240305T1005Z_AbCdEf0123456789.json.gz"
		digest  = "AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail-Digest/us-east-1/2024/03/05/111122223333_CloudTrail-Digest_us-east-1_org-trail_us-east-1_20240305T100500Z.json.gz"
		insight = "AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2024/03/05/111122223333_CloudTrail-Insight_us-east-1_20240305T1005Z_X.json.gz"
		flow    = "AWSLogs/111122223333/vpcflowlogs/us-east-1/2024/03/05/111122223333_vpcflowlogs_us-east-1_fl-1_20240305T1005Z_h.log.gz"
	)
	writeExpandTree(t, root, trail, digest, insight, flow,
		"b.ndjson", "a.json", "c.JSON", "d.jsonl", "notes.txt", "flows.parquet", ".hidden.json", ".git/config.json",
		"_incidents.json", "readme", "z.log", "empty/", "link-dir -> AWSLogs", "link.json -> a.json", "broken.json -> missing.json")
	in := func(name string) string { return filepath.Join(root, filepath.FromSlash(name)) }

	f := func(kind Kind, paths []string, wantSources []string, wantSkipped map[string]string) {
		t.Helper()
		sources, skipped, err := Expand(kind, paths, strings.NewReader(""))
		if err != nil {
			t.Fatalf("%v: %v", paths, err)
		}
		var names []string
		for _, s := range sources {
			names = append(names, s.Name)
		}
		if strings.Join(names, "\n") != strings.Join(wantSources, "\n") {
			t.Errorf("%v %v: sources\n got %q\nwant %q", kind, paths, names, wantSources)
		}
		if len(skipped) != len(wantSkipped) {
			t.Errorf("%v %v: skipped %q, want %d entries", kind, paths, skipped, len(wantSkipped))
		}
		for _, s := range skipped {
			if want, ok := wantSkipped[s.Name]; !ok || !strings.Contains(s.Reason, want) {
				t.Errorf("%v %v: skipped %s for %q, want %q", kind, paths, s.Name, s.Reason, want)
			}
		}
	}
	f(CloudTrail, []string{root},
		[]string{in(trail), in("a.json"), in("b.ndjson"), in("c.JSON"), in("d.jsonl"), in("link.json"), in("z.log")},
		map[string]string{
			in(".git"):            "hidden directory",
			in(".hidden.json"):    "hidden file",
			in("_incidents.json"): "metadata file (name starts with _)",
			in(digest):            "CloudTrail digest file",
			in(insight):           "CloudTrail Insights file",
			in(flow):              "VPC Flow Logs file",
			in("broken.json"):     "cannot read: no such file or directory",
			in("flows.parquet"):   "not a CloudTrail file extension",
			in("link-dir"):        "symbolic link to a directory",
			in("notes.txt"):       "not a CloudTrail file extension",
			in("readme"):          "not a CloudTrail file extension",
		})
	f(VPCFlow, []string{in("AWSLogs"), in("notes.txt"), in("flows.parquet")},
		[]string{in(flow), in("notes.txt"), in("flows.parquet")},
		map[string]string{
			in(trail):   "CloudTrail file (not VPC Flow Logs)",
			in(digest):  "CloudTrail digest file",
			in(insight): "CloudTrail Insights file",
		})
	// Named on the command line: read whatever the extension, hidden or not; digests still skipped;
	// listed twice is read once.
	f(CloudTrail, []string{in("readme"), in(".hidden.json"), in(digest), in("a.json"), root + "/./a.json", "-"},
		[]string{in("readme"), in(".hidden.json"), in("a.json"), "-"},
		map[string]string{
			in(digest):         "CloudTrail digest file",
			root + "/./a.json": "listed more than once",
		})
}

func TestExpandErrors(t *testing.T) {
	root := t.TempDir()
	f := func(paths []string, stdin io.Reader, want string) {
		t.Helper()
		_, _, err := Expand(CloudTrail, paths, stdin)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one containing %q", paths, err, want)
		}
	}
	missing := filepath.Join(root, "missing.json")
	f([]string{missing}, nil, "cannot read input: stat "+missing+": no such file or directory")
	f([]string{"-", "-"}, strings.NewReader(""), `cannot read stdin ("-") twice`)
	f([]string{"-"}, nil, "no standard input given")
	if _, _, err := Expand(Kind(0), []string{root}, nil); err == nil {
		t.Error("Expand accepted kind 0")
	}
}

func TestExpandOpen(t *testing.T) {
	root := t.TempDir()
	const text = `{"Records":[{"eventID":"e0"}]}`
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write([]byte(text))
	zw.Close()
	files := map[string][]byte{
		"plain.json":      []byte(text),
		"gzip-named.json": zipped.Bytes(), // told by magic bytes, not by name
		"plain-named.gz":  []byte(text),
		"gzip-named.gz":   zipped.Bytes(),
		"empty.json":      nil,
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(root, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sources, _, err := Expand(CloudTrail, []string{root, "-"}, bytes.NewReader(zipped.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if len(sources) != len(files)+1 {
		t.Fatalf("got %d sources, want %d", len(sources), len(files)+1)
	}
	for _, s := range sources {
		rc, err := s.Open()
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		got, err := io.ReadAll(rc)
		if err != nil {
			t.Errorf("%s: %v", s.Name, err)
		}
		if err := rc.Close(); err != nil {
			t.Errorf("%s: close: %v", s.Name, err)
		}
		want := text
		if s.Name == filepath.Join(root, "empty.json") {
			want = ""
		}
		if string(got) != want {
			t.Errorf("%s: read %q, want %q", s.Name, got, want)
		}
		if s.Name == "-" {
			if s.Size != -1 || !s.ModTime.IsZero() {
				t.Errorf("stdin: size %d, time %v; want -1 and zero", s.Size, s.ModTime)
			}
		} else if s.Size != int64(len(files[filepath.Base(s.Name)])) || s.ModTime.IsZero() {
			t.Errorf("%s: size %d, time %v", s.Name, s.Size, s.ModTime)
		}
	}
	if _, err := sources[0].Open(); err != nil {
		t.Errorf("a file source cannot be opened twice: %v", err)
	}
	os.Remove(sources[0].Name)
	if _, err := sources[0].Open(); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("opening a removed file: %v, want not exist", err)
	}
}
