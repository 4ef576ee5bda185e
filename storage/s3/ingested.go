package s3

import (
	"github.com/lakehunt/lakehunt/storage/lake"
)

// IngestedObjects reads the manifest and tells which objects (by name and
// ETag) the table already holds: those the pipeline will skip.
func IngestedObjects(root string, t lake.Table) (func(name, etag string) bool, error) {
	commits, err := lake.ReadManifest(root)
	if err != nil {
		return nil, err
	}
	done := lake.IngestedSources(commits, t)
	return func(name, etag string) bool {
		_, ok := done[lake.SourceEntry{Name: name, ETag: etag}.Identity()]
		return ok
	}, nil
}
