package hunt

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/lakehunt/lakehunt/storage/testlake"
)

// BenchmarkRunPack runs the whole pack over one lake holding every golden
// fixture, one hunt at a time and two at a time, as 'hunt run --parallel'
// does. Bytes are the lake's Parquet bytes, read once per hunt.
func BenchmarkRunPack(b *testing.B) {
	root := goldenRoot(b)
	var files []string
	for _, pattern := range []string{"*/fire.json", "*/quiet.json", "*/fire.log", "*/quiet.log"} {
		m, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, m...)
	}
	lakeDir := testlake.Build(b, files...)
	var lakeBytes int64
	filepath.WalkDir(lakeDir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && filepath.Ext(path) == ".parquet" {
			if info, err := d.Info(); err == nil {
				lakeBytes += info.Size()
			}
		}
		return nil
	})
	pack := builtinPack(b)
	for _, parallel := range []int{1, 2} {
		b.Run(fmt.Sprintf("parallel=%d", parallel), func(b *testing.B) {
			e := openEngine(b, lakeDir, pack.Hunts, goldenWindow)
			b.SetBytes(lakeBytes * int64(len(pack.Hunts)))
			b.ReportAllocs()
			for b.Loop() {
				r := Run(context.Background(), e, pack.Hunts, RunOptions{Window: goldenWindow, Parallel: parallel})
				if r.Failed() > 0 {
					b.Fatal(r.Summaries)
				}
			}
		})
	}
}
