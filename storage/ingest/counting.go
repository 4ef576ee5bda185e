package ingest

import (
	"io"
	"sync/atomic"

	"github.com/lakehunt/lakehunt/storage/source"
)

// countingSource counts the decompressed bytes a decoder reads.
type countingSource struct {
	src source.Source
	n   atomic.Int64
}

func (c *countingSource) source() source.Source {
	s := c.src
	open := s.Open
	s.Open = func() (io.ReadCloser, error) {
		rc, err := open()
		if err != nil {
			return nil, err
		}
		return &countingReader{rc: rc, n: &c.n}, nil
	}
	return s
}

type countingReader struct {
	rc io.ReadCloser
	n  *atomic.Int64
}

func (r *countingReader) Read(p []byte) (int, error) {
	n, err := r.rc.Read(p)
	r.n.Add(int64(n))
	return n, err
}

func (r *countingReader) Close() error { return r.rc.Close() }
