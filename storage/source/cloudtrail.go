package source

import (
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/lakehunt/lakehunt/storage/jsontext"
)

// RawRecord is one CloudTrail event's JSON text, or the error that stopped it from being read.
type RawRecord struct {
	Index int    // 0-based record index within the source, counted over all records seen (good and bad)
	Data  []byte // the event object's JSON bytes; only valid during the emit call
	Err   error  // non-nil: this record is bad (e.g. invalid JSON, not an object, too large); Data may be nil
}

// DecodeCloudTrail streams the records of one decompressed source to emit, whatever the format:
//   - the S3 delivery envelope {"Records":[...]} (other top-level keys ignored),
//   - one event per line (NDJSON; blank lines ignored), or events written back to back without a
//     separator, as Kinesis Data Firehose archives them,
//   - `aws cloudtrail lookup-events` output {"Events":[{"CloudTrailEvent":"<json string>",...}], "NextToken":...}
//     where each CloudTrailEvent string is decoded to the event JSON,
//   - a single bare event object, or a top-level JSON array of events,
//   - events in the envelopes that carry them through AWS's messaging (see wrapper.go): an EventBridge
//     event whose detail is the record, an SNS notification whose Message holds any of these formats,
//     an SQS message whose Body does, or `aws sqs receive-message` output {"Messages":[...]} of such
//     messages,
//
// and any sequence of these, such as the concatenated envelopes of a multi-member gzip.
//
// Every record passed on with a nil Err is a JSON object, valid JSON in valid UTF-8, nested at most
// 10000 deep. A record is bad (Err set) when it is not an object, holds invalid UTF-8 in a string, is
// larger than maxRecordBytes, or is broken JSON. After a bad record decoding goes on when the format
// allows it: in NDJSON at the next line, in an envelope or array at the next element when the bad one
// was well-formed JSON. Broken JSON inside an envelope, array, or multi-line object leaves no safe
// place to resume: the record is reported, then decoding stops with an error.
//
// A source-level error (unreadable or truncated input, a top-level value that is not CloudTrail such as
// {"Foo":[]} or a number) is returned after the records read so far have been emitted; a truncated
// input is not also reported as a bad record. If emit returns an error, decoding stops and returns it.
func DecodeCloudTrail(r io.Reader, emit func(RawRecord) error) error {
	return decodeCloudTrail(r, defaultReadBufferSize, emit)
}

func decodeCloudTrail(r io.Reader, bufferSize int, emit func(RawRecord) error) error {
	in := newJSONReader(r, 0)
	in.buf = getReadBuffer(bufferSize)
	d := cloudTrailDecoder{in: in, emit: emit}
	err := d.run()
	putReadBuffer(in.buf, bufferSize)
	return err
}

// readBuffers recycles scanner buffers across sources: CloudTrail delivers
// many files of a few events each, and a fresh buffer per file was most of
// what a small file cost.
var readBuffers sync.Pool

func getReadBuffer(size int) []byte {
	if b, ok := readBuffers.Get().(*[]byte); ok && len(*b) == size {
		return *b
	}
	return make([]byte, size)
}

// putReadBuffer keeps buffers of the standard size only, so one huge
// record does not pin its grown buffer.
func putReadBuffer(b []byte, size int) {
	if len(b) == size {
		readBuffers.Put(&b)
	}
}

type cloudTrailDecoder struct {
	in   *jsonReader
	emit func(RawRecord) error
	next int // index of the next record
	// wrapped counts the envelopes around the input: 0 for a source, 1 for an SNS Message read
	// out of one, and so on (see unwrap).
	wrapped int
	// lines is set once a bare event object has been read: the input is a stream of events, one per
	// line, and any top-level value that follows is a record.
	lines bool
	// multiLine is set once a good event in the stream spanned lines: the stream is pretty-printed
	// JSON, not NDJSON, and a line is no longer a place to resume after broken JSON.
	multiLine bool
	// concatenated is set once a record followed another on its line: a line may hold the whole
	// stream, so it is no longer a place to resume either.
	concatenated bool

	event jsonReader // reads a lookup-events CloudTrailEvent text from memory
	text  []byte     // the decoded CloudTrailEvent text
	held  []byte     // a copy of a record kept while the rest of its line is read
}

func (d *cloudTrailDecoder) run() error {
	in := d.in
	if in.ensure(3) && string(in.buf[in.pos:in.pos+3]) == "\ufeff" { // a byte order mark from a Windows editor
		in.pos += 3
	}
	for {
		if !in.skipSpace() {
			if in.rerr == io.EOF {
				return nil
			}
			return in.endError()
		}
		var err error
		switch c := in.buf[in.pos]; {
		case c == '{':
			err = d.topObject()
		case c == '[':
			err = d.array(d.eventElement)
		case d.lines:
			err = d.lineRecord()
		default:
			return in.syntaxErrorf("not CloudTrail: expected a JSON object or array, found %s", describeValue(c))
		}
		if err != nil {
			return err
		}
	}
}

// topObject reads a top-level object: an envelope of Records, lookup-events output, or a bare event.
func (d *cloudTrailDecoder) topObject() error {
	in := d.in
	in.beginRecord() // in case it is a bare event
	in.pos++
	var envelope, eventFields, digest bool
	var keys keySet
	c, err := in.nonSpace()
	for err == nil && c != '}' {
		if c != '"' {
			err = in.syntaxErrorf("invalid character %s looking for an object key", quoteByte(c))
			break
		}
		var key keyKind
		if key, err = in.objectKey(); err != nil {
			break
		}
		keys = keys.with(key)
		switch key {
		case keyRecords, keyEvents, keyMessages:
			if c, err = in.nonSpace(); err != nil {
				break
			}
			if c != '[' {
				return in.syntaxErrorf("not CloudTrail: %q is %s, not an array", key.name(), describeValue(c))
			}
			envelope = true
			in.keep = -1
			switch key {
			case keyRecords:
				err = d.array(d.eventElement)
			case keyEvents:
				err = d.array(d.lookupElement)
			default:
				err = d.array(d.messageElement)
			}
			if err != nil {
				return err // errors inside the array are final, and already carry their context
			}
		case keyEventField:
			eventFields = true
			err = in.skipValue(1)
		case keyDigest:
			digest = true
			err = in.skipValue(1)
		default:
			err = in.skipValue(1)
		}
		if err != nil {
			break
		}
		if c, err = in.nonSpace(); err != nil {
			break
		}
		switch c {
		case ',':
			in.pos++
			if c, err = in.nonSpace(); err == nil && c != '"' {
				err = in.syntaxErrorf("invalid character %s looking for an object key", quoteByte(c))
			}
		case '}':
		default:
			err = in.syntaxErrorf("invalid character %s after object member, expected ',' or '}'", quoteByte(c))
		}
	}
	switch {
	case err != nil && envelope:
		return err // the envelope's records are read; what follows them is broken
	case err != nil:
		return d.broken(err)
	}
	in.pos++ // '}'
	wrapper := noWrapper
	if !eventFields {
		wrapper = keys.wrapper()
	}
	switch {
	case envelope:
		return nil
	case !d.lines && digest:
		return in.syntaxErrorf("not CloudTrail events: a CloudTrail digest file")
	case !d.lines && keys.has(keyLogFileNotification):
		return in.syntaxErrorf("not CloudTrail events: a notification of new CloudTrail log files (s3ObjectKey); ingest the objects it names")
	case !d.lines && !eventFields && wrapper == noWrapper:
		return in.syntaxErrorf("not CloudTrail: a JSON object without Records, Events, or event fields such as eventTime")
	}
	d.lines = true
	return d.endLine(nil, wrapper)
}

// lineRecord reads a top-level value other than an object or array in a stream of events: a bad record.
func (d *cloudTrailDecoder) lineRecord() error {
	in := d.in
	in.beginRecord()
	c := in.buf[in.pos]
	if err := in.skipValue(0); err != nil {
		return d.broken(err)
	}
	return d.endLine(notAnObject(c), noWrapper)
}

// endLine finishes a record of a stream of events, which must end its line or be followed on it by
// the next object, and emits it with its error (or the one found here); a well-formed wrapper emits
// the records it holds instead.
func (d *cloudTrailDecoder) endLine(recordErr error, wrapper wrapperKind) error {
	in := d.in
	data, err := in.endRecord(in.offset())
	if recordErr != nil {
		err = recordErr
	}
	decided, ok := in.lineEnd(true)
	if !decided {
		// Reading on may move the buffer: hold a copy of the record (rare: it ended at the buffer's end).
		if data != nil {
			d.held = append(d.held[:0], data...)
			data = d.held
		}
		_, ok = in.lineEnd(false)
	}
	if !ok && in.buf[in.pos] == '{' {
		// Objects written back to back, as Kinesis Data Firehose archives EventBridge events: the
		// next record starts here.
		ok, d.concatenated = true, true
	}
	if !ok {
		err := in.syntaxErrorf("invalid character %s after the record on the same line", quoteByte(in.buf[in.pos]))
		if emitErr := d.emitRecord(nil, err); emitErr != nil {
			return emitErr
		}
		return in.skipLine()
	}
	if err == nil && in.spansLines() {
		d.multiLine = true
	}
	if err == nil && wrapper != noWrapper {
		return d.unwrap(data, wrapper)
	}
	return d.emitRecord(data, err)
}

// broken handles a top-level record whose JSON text is broken (or whose input failed). In NDJSON
// reading resumes on the line after the error, or on the error's own line when the error is that
// line's first token: a line that lacks its closing brace is only found out on the next line, which
// may be good. A broken pretty-printed object, or one of objects written back to back, cannot be
// resumed.
func (d *cloudTrailDecoder) broken(err error) error {
	in := d.in
	if inputFault(err) {
		return fmt.Errorf("record %d: %w", d.next, err)
	}
	index := d.next
	resumable := d.lines && !d.multiLine && !d.concatenated || !d.lines && !in.spansLines()
	if emitErr := d.emitRecord(nil, err); emitErr != nil {
		return emitErr
	}
	if !resumable {
		return fmt.Errorf("cannot read past record %d: %w", index, err)
	}
	d.lines = true
	in.keep = -1
	if se := (*syntaxError)(nil); errors.As(err, &se) && in.spansLines() && se.offset == in.lineHead {
		return nil
	}
	return in.skipLine()
}

// array reads the elements of an array at pos; element emits the records each well-formed element
// holds (one, or for an SQS message any number), and elements that are not well-formed are emitted
// as bad records.
func (d *cloudTrailDecoder) array(element func([]byte) error) error {
	in := d.in
	in.pos++
	c, err := in.nonSpace()
	if err != nil {
		return fmt.Errorf("record %d: %w", d.next, err)
	}
	if c == ']' {
		in.pos++
		return nil
	}
	for {
		in.beginRecord()
		if err := in.skipValue(0); err != nil {
			if inputFault(err) {
				return fmt.Errorf("record %d: %w", d.next, err)
			}
			index := d.next
			if emitErr := d.emitRecord(nil, err); emitErr != nil {
				return emitErr
			}
			return fmt.Errorf("cannot read past record %d: %w", index, err)
		}
		data, recordErr := in.endRecord(in.offset())
		if recordErr != nil {
			err = d.emitRecord(data, recordErr)
		} else {
			err = element(data)
		}
		if err != nil {
			return err
		}
		c, err := in.nonSpace()
		if err != nil {
			return fmt.Errorf("after record %d: %w", d.next-1, err)
		}
		switch c {
		case ',':
			in.pos++
			if _, err := in.nonSpace(); err != nil {
				return fmt.Errorf("after record %d: %w", d.next-1, err)
			}
		case ']':
			in.pos++
			return nil
		default:
			return fmt.Errorf("after record %d: %w", d.next-1,
				in.syntaxErrorf("invalid character %s after array element, expected ',' or ']'", quoteByte(c)))
		}
	}
}

// eventElement accepts an element of Records or of a top-level array when it is an object.
func (d *cloudTrailDecoder) eventElement(data []byte) error {
	return d.emitRecord(data, notAnObject(data[0]))
}

// lookupElement emits the event text held in the CloudTrailEvent string of an element of
// lookup-events' Events.
func (d *cloudTrailDecoder) lookupElement(data []byte) error {
	return d.emitRecord(d.lookupEvent(data))
}

func (d *cloudTrailDecoder) lookupEvent(data []byte) ([]byte, error) {
	if err := notAnObject(data[0]); err != nil {
		return data, err
	}
	text, ok := d.stringMember(data, "CloudTrailEvent")
	if !ok {
		return data, fmt.Errorf("lookup-events entry has no CloudTrailEvent string")
	}
	d.text = jsontext.AppendUnescaped(d.text[:0], text)
	ev := &d.event
	ev.reset(d.text)
	c, err := ev.nonSpace()
	if err == nil {
		err = ev.skipValue(0)
	}
	if err == nil && ev.skipSpace() {
		err = ev.syntaxErrorf("invalid character %s after the event", quoteByte(ev.buf[ev.pos]))
	}
	if err != nil {
		return d.text, fmt.Errorf("CloudTrailEvent is not valid JSON: %w", err)
	}
	if err := notAnObject(c); err != nil {
		return d.text, fmt.Errorf("CloudTrailEvent: %w", err)
	}
	return d.text, nil
}

func (d *cloudTrailDecoder) emitRecord(data []byte, err error) error {
	index := d.next
	d.next++
	return d.emit(RawRecord{Index: index, Data: data, Err: err})
}

func notAnObject(first byte) error {
	if first == '{' {
		return nil
	}
	return fmt.Errorf("record is %s, not a JSON object", describeValue(first))
}

// describeValue names the kind of JSON value that starts with c.
func describeValue(c byte) string {
	switch {
	case c == '"':
		return "a string"
	case c == '-' || '0' <= c && c <= '9':
		return "a number"
	case c == 't' || c == 'f':
		return "a boolean"
	case c == 'n':
		return "null"
	case c == '[':
		return "an array"
	case c == '{':
		return "an object"
	}
	return "invalid character " + quoteByte(c)
}

// keyKind sorts the keys of a top-level object into the ones that tell the format.
type keyKind int

const (
	keyOther keyKind = iota
	keyRecords
	keyEvents
	keyMessages
	keyEventField
	keyDigest
	// keys of the envelopes of wrapper.go
	keyDetail
	keyDetailType
	keyMessage
	keyTopicArn
	keyBody
	keySQSReceipt
	keyLogFileNotification
)

func (k keyKind) name() string {
	switch k {
	case keyRecords:
		return "Records"
	case keyEvents:
		return "Events"
	case keyMessages:
		return "Messages"
	}
	return "key"
}

// longestKnownKey is the length of the longest key classifyKey knows.
const longestKnownKey = len("recipientAccountId")

func classifyKey(key []byte) keyKind {
	switch string(key) {
	case "Records":
		return keyRecords
	case "Events":
		return keyEvents
	case "Messages":
		return keyMessages
	case "eventVersion", "eventTime", "eventSource", "eventName", "eventID", "eventType", "eventCategory",
		"userIdentity", "awsRegion", "recipientAccountId", "sourceIPAddress", "requestID":
		return keyEventField
	case "digestStartTime", "digestEndTime", "digestS3Object", "logFiles":
		return keyDigest
	case "detail":
		return keyDetail
	case "detail-type":
		return keyDetailType
	case "Message":
		return keyMessage
	case "TopicArn":
		return keyTopicArn
	case "Body", "body":
		return keyBody
	case "ReceiptHandle", "receiptHandle", "MD5OfBody", "md5OfBody":
		return keySQSReceipt
	case "s3ObjectKey":
		return keyLogFileNotification
	}
	return keyOther
}

// objectKey moves past an object key at pos and its colon, and tells what kind of key it was. Keys
// written with escapes count as unknown.
func (s *jsonReader) objectKey() (keyKind, error) {
	s.ensure(longestKnownKey + 2) // the key and its closing quote, if the input has them
	window := s.buf[s.pos+1 : min(s.end, s.pos+longestKnownKey+2)]
	kind := keyOther
	if i := bytesIndexQuote(window); i >= 0 {
		kind = classifyKey(window[:i]) // an escaped quote leaves a backslash in the key: no match
	}
	if err := s.skipString(); err != nil {
		return kind, err
	}
	return kind, s.colon()
}

func bytesIndexQuote(b []byte) int {
	for i, c := range b {
		if c == '"' {
			return i
		}
	}
	return -1
}
