package source

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/lakehunt/lakehunt/storage/jsontext"
)

// decodeCloudTrailSummary decodes r and describes each record as "index:eventID" when good or
// "index!error" when bad. It checks the promise made for good records on the way.
func decodeCloudTrailSummary(t *testing.T, r io.Reader, bufferSize int) ([]string, error) {
	t.Helper()
	var got []string
	err := decodeCloudTrail(r, bufferSize, func(rec RawRecord) error {
		if rec.Index != len(got) {
			t.Errorf("record %d has Index %d", len(got), rec.Index)
		}
		if rec.Err != nil {
			got = append(got, fmt.Sprintf("%d!%v", rec.Index, rec.Err))
			return nil
		}
		var event struct {
			EventID string `json:"eventID"`
		}
		if !json.Valid(rec.Data) || !utf8.Valid(rec.Data) || rec.Data[0] != '{' {
			t.Errorf("record %d: good record is not a JSON object in UTF-8: %.80q", rec.Index, rec.Data)
		} else if err := json.Unmarshal(rec.Data, &event); err != nil {
			t.Errorf("record %d: %v", rec.Index, err)
		}
		got = append(got, fmt.Sprintf("%d:%s", rec.Index, event.EventID))
		return nil
	})
	return got, err
}

func openCloudTrailTestFile(t *testing.T, name string) io.ReadCloser {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "cloudtrail", name))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := Decompress(f)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rc.Close() })
	return rc
}

// decodeCloudTrailFile decodes a test file twice, with the default buffer and one byte at a time
// through a tiny buffer (every buffer boundary case), and requires the same outcome.
func decodeCloudTrailFile(t *testing.T, name string) ([]string, error) {
	t.Helper()
	got, err := decodeCloudTrailSummary(t, openCloudTrailTestFile(t, name), defaultReadBufferSize)
	slow, slowErr := decodeCloudTrailSummary(t, iotest.OneByteReader(openCloudTrailTestFile(t, name)), 16)
	if fmt.Sprint(got) != fmt.Sprint(slow) || fmt.Sprint(err) != fmt.Sprint(slowErr) {
		t.Errorf("%s: byte-at-a-time decoding differs:\n%q, %v\nvs\n%q, %v", name, got, err, slow, slowErr)
	}
	return got, err
}

// matchRecords compares summaries with wanted ones, where "i!text" wants a bad record whose error
// contains text.
func matchRecords(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	for i, w := range want {
		if index, text, bad := strings.Cut(w, "!"); bad {
			if !strings.HasPrefix(got[i], index+"!") || !strings.Contains(got[i], text) {
				return false
			}
		} else if got[i] != w {
			return false
		}
	}
	return true
}

func TestDecodeCloudTrail(t *testing.T) {
	f := func(name string, wantErr string, want ...string) {
		t.Helper()
		got, err := decodeCloudTrailFile(t, name)
		if !matchRecords(got, want) {
			t.Errorf("%s: records\n got %q\nwant %q", name, got, want)
		}
		switch {
		case wantErr == "" && err != nil:
			t.Errorf("%s: unexpected error %v", name, err)
		case wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)):
			t.Errorf("%s: error %v, want one containing %q", name, err, wantErr)
		}
	}
	f("envelope.json", "", "0:e0", "1:e1", "2:e2")
	f("envelope.json.gz", "", "0:e0", "1:e1", "2:e2")
	f("multi-member.json.gz", "", "0:e0", "1:e1", "2:e2")
	f("events.ndjson", "", "0:e0", "1:e1", "2:e2")
	f("bom.ndjson", "", "0:e0", "1:e1")
	f("lookup-events.json", "", "0:e0", "1:e1")
	f("lookup-events-bad.json", "",
		"0:e0",
		"1!no CloudTrailEvent string",
		"2!CloudTrailEvent is not valid JSON: invalid character 'o' looking for a value",
		"3!CloudTrailEvent: record is an array",
		"4!record is a string",
		"5!no CloudTrailEvent string",
		"6!CloudTrailEvent is not valid JSON: invalid character 'x' after the event",
		"7:e7")
	f("bare-event.json", "", "0:e0")
	f("bare-event-broken.json", "cannot read past record 0: invalid character 'o' after object member",
		"0!invalid character 'o' after object member")
	f("array.json", "", "0:e0", "1:e1")
	f("ndjson-invalid-line.ndjson", "",
		"0:e0",
		"1!invalid character '}' looking for an object key at byte",
		"2:e2",
		"3!invalid character 'o' in literal null",
		"4!record is a string",
		"5!invalid character 't' after the record on the same line",
		"6:e6", // a line holding an array of events
		"7:e7",
		"8!invalid character '{' after object member", // found on the next line, which is then read
		"9:e9")
	f("wrong-envelope.json", "not CloudTrail: a JSON object without Records, Events")
	f("number.json", "not CloudTrail: expected a JSON object or array, found a number")
	f("records-not-array.json", `not CloudTrail: "Records" is an object, not an array`)
	f("digest.json", "a CloudTrail digest file")
	f("record-string.json", "",
		"0!record is a string, not a JSON object",
		"1:e1",
		"2!record is a number",
		"3!record is null",
		"4!record is an array",
		"5:e5")
	f("non-utf8.ndjson", "", "0:e0", "1!invalid UTF-8 in a string at byte 488", "2!invalid character 0xff looking for a value", "3:e3")
	f("non-utf8-envelope.json", "", "0:e0", "1!invalid UTF-8 in a string at byte", "2:e2")
	f("deep.ndjson", "", "0:e0", "1!nesting deeper than 10000 levels", "2:e2", "3:e3")
	f("envelope-broken.json", `cannot read past record 1: invalid character '"' after object member`,
		"0:e0", `1!invalid character '"' after object member`)
	f("envelope-truncated.json", "record 1: unexpected end of input at byte 373", "0:e0")
	f("empty.json", "")
	f("sqs-receive-message.json", "",
		"0:e0", "1:e1", // an envelope of Records in an SNS notification in an SQS message
		"2:e2", // an EventBridge event in an SNS notification
		"3!SQS message without a Body string",
		"4!SQS message Body: SNS notification Message: not CloudTrail events: a notification of new CloudTrail log files",
		"5:e5", // an EventBridge event as the raw SQS body
		"6!SQS message Body: SNS notification Message: not CloudTrail: expected a JSON object or array, found null",
		"7:e7")
	f("sns-notifications.ndjson", "", "0:e0", "1:e1", "2:e2", "3:e3")
	f("firehose-eventbridge.json", "", "0:e0", "1:e1", "2:e2")
	f("firehose-broken.json", "cannot read past record 1: invalid character '\"' after object key",
		"0:e0", "1!invalid character '\"' after object key")
}

func TestDecodeCloudTrailTooLarge(t *testing.T) {
	defer func(limit int) { maxRecordBytes = limit }(maxRecordBytes)
	maxRecordBytes = 400 // the small records are about 330 bytes, the big one 750
	f := func(name string) {
		t.Helper()
		got, err := decodeCloudTrailFile(t, name)
		if want := []string{"0:e0", "1!record too large: more than 400 bytes", "2:e2"}; !matchRecords(got, want) || err != nil {
			t.Errorf("%s: got %q, %v; want %q", name, got, err, want)
		}
	}
	f("sizes.json")
	f("sizes.ndjson")
}

func TestDecodeCloudTrailTruncatedGzip(t *testing.T) {
	got, err := decodeCloudTrailFile(t, "truncated.json.gz")
	if !errors.Is(err, io.ErrUnexpectedEOF) || !strings.Contains(err.Error(), "cannot decompress gzip") {
		t.Errorf("error %v, want a gzip unexpected EOF", err)
	}
	// the file holds 200 records; half of its bytes hold some of them
	if len(got) == 0 || len(got) >= 200 {
		t.Fatalf("%d records before the error, want some but not all", len(got))
	}
	for i, s := range got {
		if want := fmt.Sprintf("%d:e%d", i, i); s != want {
			t.Errorf("record %q, want %q", s, want)
		}
	}
}

// TestDecodeCloudTrailLookupEventsText checks that each CloudTrailEvent string becomes exactly the text
// encoding/json decodes from it (escapes, surrogate pairs).
func TestDecodeCloudTrailLookupEventsText(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "cloudtrail", "lookup-events.json"))
	if err != nil {
		t.Fatal(err)
	}
	var output struct {
		Events []struct{ CloudTrailEvent string }
	}
	if err := json.Unmarshal(raw, &output); err != nil {
		t.Fatal(err)
	}
	var got []string
	err = DecodeCloudTrail(bytes.NewReader(raw), func(rec RawRecord) error {
		got = append(got, string(rec.Data))
		return rec.Err
	})
	if err != nil || len(got) != len(output.Events) {
		t.Fatalf("got %d records, %v; want %d", len(got), err, len(output.Events))
	}
	for i, e := range output.Events {
		if got[i] != e.CloudTrailEvent {
			t.Errorf("record %d:\n got %s\nwant %s", i, got[i], e.CloudTrailEvent)
		}
	}
	if !strings.Contains(got[1], `"eventName":"Café 😀"`) {
		t.Errorf("record 1 lacks its decoded eventName: %s", got[1])
	}
}

func TestAppendUnescaped(t *testing.T) {
	f := func(quoted string) {
		t.Helper()
		var want string
		if err := json.Unmarshal([]byte(quoted), &want); err != nil {
			t.Fatalf("%s: %v", quoted, err)
		}
		if got := jsontext.AppendUnescaped(nil, []byte(quoted[1:len(quoted)-1])); string(got) != want {
			t.Errorf("%s: got %q, want %q", quoted, got, want)
		}
	}
	f(`""`)
	f(`"plain"`)
	f(`"\"\\\/\b\f\n\r\t"`)
	f(`"caf\u00e9 \u20AC"`)
	f(`"\ud83d\ude00 pair"`)
	f(`"\ud83d lone high"`)
	f(`"lone low \ude00"`)
	f(`"\ud83d\u0041 high then not low"`)
	f(`"\ud83d\ud83d\ude00 high twice"`)
	f(`"tail \u0041"`)
}

func TestDecodeCloudTrailEmitError(t *testing.T) {
	stop := errors.New("stop")
	calls := 0
	err := DecodeCloudTrail(openCloudTrailTestFile(t, "envelope.json"), func(RawRecord) error {
		calls++
		return stop
	})
	if err != stop || calls != 1 {
		t.Errorf("got %v after %d calls, want the emit error after 1", err, calls)
	}
}

func TestPlainASCII8(t *testing.T) {
	for c := range 256 {
		for at := range 8 {
			word := []byte("abcdefgh")
			word[at] = byte(c)
			if got := plainASCII8(binary.LittleEndian.Uint64(word)); got == stringStop[c] {
				t.Fatalf("byte %#02x at %d: plainASCII8 %v, stringStop %v", c, at, got, stringStop[c])
			}
		}
	}
}
