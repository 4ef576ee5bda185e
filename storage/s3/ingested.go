package s3

import (
	"fmt"

	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

// TableOf is the lake table a kind of log goes to.
func TableOf(kind source.Kind) (lake.Table, error) {
	switch kind {
	case source.CloudTrail:
		return lake.CloudTrail, nil
	case source.VPCFlow:
		return lake.VPCFlow, nil
	}
	return lake.Table{}, fmt.Errorf("no lake table for %s", kind)
}

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
