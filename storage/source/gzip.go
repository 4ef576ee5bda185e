package source

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/klauspost/compress/gzip"
)

const peekBufferSize = 64 << 10

// Deliveries are many small objects (CloudTrail writes one per five minutes,
// account and region), so the 64 KiB read buffer and the gzip reader's 32
// KiB window are reused across sources instead of allocated and cleared for
// each one.
var (
	peekReaders = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, peekBufferSize) }}
	gzipReaders sync.Pool
)

// Decompress returns a reader of rc's content, gunzipped when it starts with the gzip magic bytes.
// Multi-member gzip (concatenated .gz files) reads as the concatenation of the members.
// Closing the result closes rc; the result must not be read after Close.
func Decompress(rc io.ReadCloser) (io.ReadCloser, error) {
	br := peekReaders.Get().(*bufio.Reader)
	br.Reset(rc)
	magic, err := br.Peek(2)
	if err != nil && err != io.EOF {
		releasePeekReader(br)
		rc.Close()
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	if len(magic) < 2 || magic[0] != 0x1f || magic[1] != 0x8b {
		return &plainStream{br: br, file: rc}, nil
	}
	zr, err := newGzipReader(br)
	if err != nil {
		releasePeekReader(br)
		rc.Close()
		return nil, fmt.Errorf("cannot read gzip header: %w", err)
	}
	return &gzipStream{zr: zr, br: br, file: rc}, nil
}

func newGzipReader(br *bufio.Reader) (*gzip.Reader, error) {
	if zr, ok := gzipReaders.Get().(*gzip.Reader); ok {
		if err := zr.Reset(br); err != nil {
			gzipReaders.Put(zr)
			return nil, err
		}
		return zr, nil
	}
	return gzip.NewReader(br)
}

func releasePeekReader(br *bufio.Reader) {
	br.Reset(nil)
	peekReaders.Put(br)
}

type plainStream struct {
	br   *bufio.Reader
	file io.Closer
}

func (s *plainStream) Read(p []byte) (int, error) {
	if s.br == nil {
		return 0, errReadAfterClose
	}
	return s.br.Read(p)
}

func (s *plainStream) Close() error {
	if s.br == nil {
		return nil
	}
	releasePeekReader(s.br)
	s.br = nil
	return s.file.Close()
}

var errReadAfterClose = errors.New("read after close")

// gzipStream says which layer failed: a bare "unexpected EOF" from a truncated .gz would otherwise read
// like a JSON problem.
type gzipStream struct {
	zr   *gzip.Reader
	br   *bufio.Reader
	file io.Closer
}

func (g *gzipStream) Read(p []byte) (int, error) {
	if g.zr == nil {
		return 0, errReadAfterClose
	}
	n, err := g.zr.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("cannot decompress gzip: %w", err)
	}
	return n, err
}

func (g *gzipStream) Close() error {
	if g.zr == nil {
		return nil
	}
	zerr := g.zr.Close()
	gzipReaders.Put(g.zr)
	releasePeekReader(g.br)
	g.zr, g.br = nil, nil
	if err := g.file.Close(); err != nil {
		return err
	}
	return zerr
}
