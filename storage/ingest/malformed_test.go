package ingest

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/golden"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
	"github.com/lakehunt/lakehunt/storage/source"
)

// TestMalformedInputs ingests every file of testdata/malformed, each into a
// fresh lake, and compares what was kept (and in which tables, when a file
// fills several) and every rejection message with
// testdata/malformed/expected.txt. Each file is named for what is wrong
// with it, or for the real-world shape it has; the golden file is the
// documented outcome.
func TestMalformedInputs(t *testing.T) {
	dir := filepath.Join(sharedcorpus.ModuleRoot(t), "testdata", "malformed")
	var out strings.Builder
	for _, kind := range []string{"cloudtrail", "vpcflow"} {
		files, err := filepath.Glob(filepath.Join(dir, kind, "*"))
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(files)
		for _, file := range files {
			s, rejections, peak := ingestMalformed(t, kind, file)
			fmt.Fprintf(&out, "%s/%s: records %d, events %d, rejected %d\n", kind, filepath.Base(file), s.Records, s.Events, s.Rejected)
			if tables := s.EventsByTable(); tables != "" {
				fmt.Fprintf(&out, "  events by table: %s\n", tables)
			}
			for _, r := range rejections {
				fmt.Fprintf(&out, "  %s\n", strings.ReplaceAll(r.String(), file, filepath.Base(file)))
			}
			if peak > 512<<20 {
				t.Errorf("%s: heap peaked at %d MiB", file, peak>>20)
			}
		}
	}
	golden.Check(t, filepath.Join(dir, "expected.txt"), []byte(out.String()))
}

func ingestMalformed(t *testing.T, kind, path string) (*Summary, []Rejection, uint64) {
	t.Helper()
	sources, skipped, err := source.Expand(map[string]source.Kind{"cloudtrail": source.CloudTrail, "vpcflow": source.VPCFlow}[kind], []string{path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ingestSources(t, kind, sources, skipped)
}

func ingestSources(t *testing.T, kind string, sources []source.Source, skipped []source.Skipped) (*Summary, []Rejection, uint64) {
	t.Helper()
	w, err := lake.OpenWriter(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var rejections []Rejection
	reject := func(r Rejection) { rejections = append(rejections, r) }
	stop := make(chan struct{})
	var peak atomic.Uint64
	go func() {
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	var s *Summary
	if kind == "cloudtrail" {
		opt := CloudTrailOptions(time.Now())
		opt.Workers, opt.OnReject = 1, reject
		s, err = Run(context.Background(), w, sources, skipped, opt)
	} else {
		opt := VPCFlowOptions(FlowConfig{})
		opt.Workers, opt.OnReject = 1, reject
		s, err = Run(context.Background(), w, sources, skipped, opt)
	}
	close(stop)
	if err != nil {
		t.Fatalf("ingest stopped: %v", err)
	}
	return s, rejections, peak.Load()
}

// hugeLine streams one NDJSON record whose requestParameters hold a string
// of n bytes, followed by a good record: nothing of it touches the disk.
func hugeLine(n int64) io.Reader {
	good := `{"eventTime":"2024-03-05T10:00:00Z","eventName":"ListBuckets","eventSource":"s3.amazonaws.com","awsRegion":"us-east-1","recipientAccountId":"111122223333","eventID":"after-huge"}` + "\n"
	return io.MultiReader(
		strings.NewReader(`{"eventTime":"2024-03-05T10:00:00Z","eventName":"Huge","requestParameters":{"blob":"`),
		io.LimitReader(repeatByte('A'), n),
		strings.NewReader(`"}}`+"\n"),
		strings.NewReader(good),
	)
}

type repeatByte byte

func (r repeatByte) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

func TestOneGigabyteLineIsRejectedInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 1 GiB")
	}
	src := source.Source{Name: "huge.jsonl", Size: -1, Open: func() (io.ReadCloser, error) {
		return io.NopCloser(hugeLine(1 << 30)), nil
	}}
	s, rejections, peak := ingestSources(t, "cloudtrail", []source.Source{src}, nil)
	if s.Events != 1 || s.Rejected != 1 || len(rejections) != 1 {
		t.Fatalf("events %d rejected %d %v", s.Events, s.Rejected, rejections)
	}
	if !strings.Contains(rejections[0].Err.Error(), "too large") {
		t.Errorf("rejection does not say the record is too large: %v", rejections[0])
	}
	if peak > 320<<20 {
		t.Errorf("heap peaked at %d MiB for a 1 GiB line", peak>>20)
	}
	t.Logf("1 GiB line: heap peak %d MiB", peak>>20)
}
