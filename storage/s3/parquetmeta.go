package s3

import (
	"fmt"
	"os"

	"github.com/parquet-go/parquet-go"
)

// parquetSummary is what the manifest records of a data file, read from
// the file's footer and column statistics without decoding any page.
type parquetSummary struct {
	Rows             int64
	MinTime, MaxTime int64 // epoch milliseconds of the "time" column
}

func summarizeParquet(path string) (parquetSummary, error) {
	var s parquetSummary
	f, err := os.Open(path)
	if err != nil {
		return s, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return s, err
	}
	pf, err := parquet.OpenFile(f, info.Size(), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return s, fmt.Errorf("not a Parquet file: %w", err)
	}
	s.Rows = pf.NumRows()
	col := pf.Root().Column("time")
	if col == nil || !col.Leaf() {
		return s, fmt.Errorf("no time column: not an OCSF table file")
	}
	first := true
	for _, rg := range pf.RowGroups() {
		chunk, ok := rg.ColumnChunks()[col.Index()].(*parquet.FileColumnChunk)
		if !ok || rg.NumRows() == 0 {
			continue
		}
		lo, hi, ok := chunk.Bounds()
		if !ok {
			continue
		}
		if first || lo.Int64() < s.MinTime {
			s.MinTime = lo.Int64()
		}
		if first || hi.Int64() > s.MaxTime {
			s.MaxTime = hi.Int64()
		}
		first = false
	}
	return s, nil
}
