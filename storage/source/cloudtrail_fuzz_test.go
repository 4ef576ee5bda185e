package source

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

// FuzzDecodeCloudTrail checks that decoding never panics, that every good record is a JSON object in
// valid UTF-8, that indexes count up from 0, and that reading byte by byte through a tiny buffer
// gives the same result as reading at once. smallLimit makes most records too large.
func FuzzDecodeCloudTrail(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "cloudtrail", "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		file, err := os.Open(name)
		if err != nil {
			f.Fatal(err)
		}
		rc, err := Decompress(file)
		if err != nil {
			f.Fatal(err)
		}
		data, _ := io.ReadAll(rc) // a truncated gzip still gives a useful prefix
		rc.Close()
		f.Add(data, false)
	}
	f.Add([]byte(`{"Records":[{"a":"\u00e9"},1,{"b":[true,false,null,-0.5e+3]}]}`), true)
	f.Add([]byte("{\"eventTime\":1}\n{\"eventTime\":2"), false)
	f.Add([]byte(`{"Events":[{"CloudTrailEvent":"{\"x\":\"\\ud800\"}"}]}`), false)
	// Envelopes: EventBridge in SNS in SQS, nested past maxWrapping, and
	// EventBridge events back to back with a broken one.
	nested := `{"eventTime":"2024-01-02T03:04:05Z"}`
	for range maxWrapping + 1 {
		text, _ := json.Marshal(nested)
		nested = `{"TopicArn":"t","Message":` + string(text) + `}`
	}
	f.Add([]byte(nested), false)
	f.Add([]byte(`{"Messages":[{"ReceiptHandle":"r","Body":"{\"TopicArn\":\"t\",\"Message\":\"{\\\"detail-type\\\":\\\"x\\\",\\\"detail\\\":{}}\"}"},{"Body":1}]}`), false)
	f.Add([]byte(`{"detail-type":"x","detail":{"a":1}}{"detail-type":"x","detail":[]}{"detail-type" "x"}`+"\n"+`{"eventTime":"t"}`), false)

	f.Fuzz(func(t *testing.T, data []byte, smallLimit bool) {
		if smallLimit {
			defer func(limit int) { maxRecordBytes = limit }(maxRecordBytes)
			maxRecordBytes = 64
		}
		decode := func(r io.Reader, bufferSize int) string {
			var out bytes.Buffer
			next := 0
			err := decodeCloudTrail(r, bufferSize, func(rec RawRecord) error {
				if rec.Index != next {
					t.Fatalf("record index %d, want %d", rec.Index, next)
				}
				next++
				if rec.Err == nil && (len(rec.Data) == 0 || rec.Data[0] != '{' || !json.Valid(rec.Data) || !utf8.Valid(rec.Data)) {
					t.Fatalf("record %d has no error but is not a JSON object in UTF-8: %q", rec.Index, rec.Data)
				}
				fmt.Fprintf(&out, "%d %q %v\n", rec.Index, rec.Data, rec.Err)
				return nil
			})
			fmt.Fprintf(&out, "error: %v\n", err)
			return out.String()
		}
		whole := decode(bytes.NewReader(data), defaultReadBufferSize)
		if slow := decode(iotest.OneByteReader(bytes.NewReader(data)), 16); slow != whole {
			t.Fatalf("byte-at-a-time decoding differs:\n%s\nvs\n%s", whole, slow)
		}
	})
}
