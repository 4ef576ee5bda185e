package source

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"strings"
	"testing"
)

type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

func gzipBytes(t *testing.T, text string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(text)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDecompress(t *testing.T) {
	long := strings.Repeat(`{"eventID":"e0"}`+"\n", 20000) // beyond the peek buffer
	zipped := gzipBytes(t, long)
	f := func(name string, input []byte, want, wantErr string) {
		t.Helper()
		file := &closeRecorder{Reader: bytes.NewReader(input)}
		rc, err := Decompress(file)
		var got []byte
		if err == nil {
			got, err = io.ReadAll(rc)
			rc.Close()
		}
		switch {
		case wantErr == "" && err != nil:
			t.Errorf("%s: %v", name, err)
		case wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)):
			t.Errorf("%s: error %v, want one containing %q", name, err, wantErr)
		case string(got) != want:
			t.Errorf("%s: read %d bytes, want %d", name, len(got), len(want))
		}
		if !file.closed {
			t.Errorf("%s: file not closed", name)
		}
	}
	f("plain", []byte(long), long, "")
	f("empty", nil, "", "")
	f("one byte", []byte{0x1f}, "\x1f", "")
	f("gzip", zipped, long, "")
	f("multi-member gzip", append(gzipBytes(t, "first\n"), gzipBytes(t, "second\n")...), "first\nsecond\n", "")
	f("bad header", []byte{0x1f, 0x8b, 0, 0}, "", "cannot read gzip header")
	f("bad checksum", append(zipped[:len(zipped)-8:len(zipped)-8], 0, 0, 0, 0, 0, 0, 0, 0), long, "cannot decompress gzip: gzip: invalid checksum")

	rc, err := Decompress(io.NopCloser(bytes.NewReader(zipped[:len(zipped)/2])))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(rc); !errors.Is(err, io.ErrUnexpectedEOF) || !strings.Contains(err.Error(), "cannot decompress gzip") {
		t.Errorf("truncated gzip: %v, want a wrapped unexpected EOF", err)
	}
}
