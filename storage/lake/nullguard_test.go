package lake

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"testing"
	"unsafe"

	"github.com/parquet-go/parquet-go"
)

// misreadAt predicts exactly where parquet-go, unguarded, writes absent
// values as empty strings: the first at 2y of the word of the first misread run, y
// being the run's start in its word. When parquet-go fixes its null bitmap
// scan, this test fails, and nullGuard can go.
func TestMisreadAtPredictsParquetGo(t *testing.T) {
	type row struct {
		V string `parquet:"v,optional"`
	}
	scalars := newNullGuard(reflect.TypeFor[row]()).scalars
	if len(scalars) != 1 {
		t.Fatalf("guard found %d optional scalars in one", len(scalars))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	misread := 0
	for trial := range 3000 {
		density := []float64{0.005, 0.01, 0.02, 0.03, 0.1, 0.5}[trial%6]
		rows := make([]row, 1+rng.IntN(300))
		for i := range rows {
			if rng.Float64() < density {
				rows[i].V = "x"
			}
		}
		var file bytes.Buffer
		w := parquet.NewGenericWriter[row](&file)
		if _, err := w.Write(rows); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		pf, err := parquet.OpenFile(bytes.NewReader(file.Bytes()), int64(file.Len()))
		if err != nil {
			t.Fatal(err)
		}
		firstEmpty := -1
		for i, counts := range definedValues(t, pf) {
			if counts[0] > 0 && rows[i].V == "" {
				firstEmpty = i
				break
			}
		}
		want := -1
		if at := misreadAt(scalars, unsafe.Pointer(&rows[0]), unsafe.Sizeof(rows[0]), len(rows)); at >= 0 {
			want = at + at%64
			misread++
		}
		if firstEmpty != want {
			t.Fatalf("trial %d (%d rows): first absent value written as '' at %d, predicted %d", trial, len(rows), firstEmpty, want)
		}
	}
	if misread < 40 {
		t.Fatalf("only %d of the trials misread: the patterns do not exercise the guard", misread)
	}
}
