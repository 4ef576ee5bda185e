package lake

import (
	"fmt"
	"os"

	"github.com/parquet-go/parquet-go"
)

// openParquet opens the Parquet file at path and reads its footer; the
// caller closes f.
func openParquet(path string, options ...parquet.FileOption) (*os.File, *parquet.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot open %s: %w", path, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("cannot open %s: %w", path, err)
	}
	pf, err := parquet.OpenFile(f, st.Size(), options...)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("cannot read footer of %s: %w", path, err)
	}
	return f, pf, nil
}

// footerOnly opens a file without its page index and bloom filters,
// which a reader of whole column chunks, or of its own filters, never
// uses.
var footerOnly = []parquet.FileOption{parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true)}
