package source

import (
	"bufio"
	"fmt"
	"io"

	"github.com/klauspost/compress/gzip"
)

const peekBufferSize = 64 << 10

// Decompress returns a reader of rc's content, gunzipped when it starts with the gzip magic bytes.
// Multi-member gzip (concatenated .gz files) reads as the concatenation of the members.
// Closing the result closes rc.
func Decompress(rc io.ReadCloser) (io.ReadCloser, error) {
	br := bufio.NewReaderSize(rc, peekBufferSize)
	magic, err := br.Peek(2)
	if err != nil && err != io.EOF {
		rc.Close()
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	if len(magic) < 2 || magic[0] != 0x1f || magic[1] != 0x8b {
		return struct {
			io.Reader
			io.Closer
		}{br, rc}, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		rc.Close()
		return nil, fmt.Errorf("cannot read gzip header: %w", err)
	}
	return &gzipStream{zr: zr, file: rc}, nil
}

// gzipStream says which layer failed: a bare "unexpected EOF" from a truncated .gz would otherwise read
// like a JSON problem.
type gzipStream struct {
	zr   *gzip.Reader
	file io.Closer
}

func (g *gzipStream) Read(p []byte) (int, error) {
	n, err := g.zr.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("cannot decompress gzip: %w", err)
	}
	return n, err
}

func (g *gzipStream) Close() error {
	zerr := g.zr.Close()
	if err := g.file.Close(); err != nil {
		return err
	}
	return zerr
}
