package gen

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"time"
)

// deliveredAt finds the delivery time AWS writes into a log file's name
// (…_20240304T0105Z_…), as the generator does.
var deliveredAt = regexp.MustCompile(`_(\d{8}T\d{4}Z)_`)

// DeliveryPieces cuts the files under raw into pieces equal spans of the
// day from start, by the delivery time in their names: piece i holds what
// a watched bucket would have received in the i-th span, in order. Files
// delivered before start go to the first piece, after the day to the last;
// files with no delivery time in their name are left out.
func DeliveryPieces(raw string, start time.Time, pieces int) ([][]string, error) {
	if pieces <= 0 {
		return nil, fmt.Errorf("cannot cut a day into %d pieces", pieces)
	}
	split := make([][]string, pieces)
	piece := 24 * time.Hour / time.Duration(pieces)
	err := filepath.WalkDir(raw, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		m := deliveredAt.FindStringSubmatch(d.Name())
		if m == nil {
			return nil
		}
		at, err := time.Parse("20060102T1504Z", m[1])
		if err != nil {
			return fmt.Errorf("cannot parse the delivery time of %s: %w", path, err)
		}
		i := min(max(int(at.Sub(start)/piece), 0), pieces-1)
		split[i] = append(split[i], path)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, files := range split {
		slices.Sort(files)
	}
	return split, nil
}
