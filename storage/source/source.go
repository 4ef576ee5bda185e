// Package source finds raw log objects (files, directories, stdin) and reads their records.
package source

import (
	"io"
	"time"
)

// Kind selects the skip rules and the decoder.
type Kind int

const (
	CloudTrail Kind = iota + 1
	VPCFlow
)

func (k Kind) String() string {
	switch k {
	case CloudTrail:
		return "CloudTrail"
	case VPCFlow:
		return "VPC Flow Logs"
	}
	return "unknown kind"
}

// Source is one input object: a local file, stdin, or (later) an S3 object.
type Source struct {
	Name    string    // path as given/walked, "-" for stdin, or s3://bucket/key later
	Size    int64     // -1 when unknown (stdin)
	ModTime time.Time // zero when unknown
	ETag    string    // S3 objects: what makes a rerun skip an object already ingested
	// Open returns the decompressed stream: gzip is told by its magic bytes, not by the name, because S3
	// objects are often stored gzip without a .gz suffix (or the reverse). Stdin can be opened only once.
	Open func() (io.ReadCloser, error)
}

// Skipped is an input deliberately not read, with the reason shown in the summary.
type Skipped struct{ Name, Reason string }
