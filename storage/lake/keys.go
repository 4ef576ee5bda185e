package lake

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Dedup keys live beside the manifest, one sidecar per data file, so the
// Parquet files keep Security Lake's exact schema.
func keysPath(root string, t Table, p Partition, dataFile string) string {
	return filepath.Join(root, metaDir, "keys", t.Source, t.Version, p.Path(), strings.TrimSuffix(dataFile, DataFileSuffix)+".keys")
}

// CommittedKeys returns the dedup keys of every committed file of a partition.
func CommittedKeys(root string, t Table, p Partition) (map[[16]byte]struct{}, error) {
	dir := filepath.Dir(keysPath(root, t, p, "x"+DataFileSuffix))
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return map[[16]byte]struct{}{}, nil
	}
	if err != nil {
		return nil, err
	}
	set := make(map[[16]byte]struct{})
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".keys") || isTempName(e.Name()) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		for i := 0; i+16 <= len(data); i += 16 {
			var k [16]byte
			copy(k[:], data[i:i+16])
			set[k] = struct{}{}
		}
	}
	return set, nil
}
