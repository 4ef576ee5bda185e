package source

import (
	"fmt"

	"github.com/lakehunt/lakehunt/storage/jsontext"
)

// CloudTrail events often reach a log archive through AWS's messaging
// rather than from the trail's bucket: an EventBridge rule matching "AWS API
// Call via CloudTrail" hands each event over in an EventBridge envelope,
// often through an SNS topic into an SQS queue whose messages someone then
// saves. The decoder takes each such envelope off and reads what it
// carries:
//
//   - an EventBridge event {"detail-type":..., "detail":{...}}: detail is the record;
//   - an SNS notification {"Type":"Notification","TopicArn":...,"Message":"..."}: Message is the
//     text of any input this decoder reads (an envelope of Records, an event, an EventBridge event);
//   - an SQS message {"MessageId":...,"ReceiptHandle":...,"Body":"..."} (or the lower-case names of a
//     Lambda SQS event): Body is such a text, as a raw SQS body or an SNS notification;
//   - `aws sqs receive-message` output {"Messages":[...]} of SQS messages.
//
// An envelope is told by its keys alone, and only in an object that has no CloudTrail event field.
// Records inside are numbered on from the records before them; a payload that is not CloudTrail
// (an S3 event notification, CloudTrail's own "new log file" notification) is one bad record.

// wrapperKind is the kind of envelope a top-level object is.
type wrapperKind int

const (
	noWrapper wrapperKind = iota
	eventBridgeEvent
	snsNotification
	sqsMessage
)

func (w wrapperKind) String() string {
	switch w {
	case eventBridgeEvent:
		return "EventBridge event"
	case snsNotification:
		return "SNS notification"
	case sqsMessage:
		return "SQS message"
	}
	return "object"
}

// maxWrapping bounds envelopes within envelopes: EventBridge in SNS in SQS is three, and each level
// of a hostile input would hold a decoder on the stack.
const maxWrapping = 4

// keySet is the set of key kinds seen in an object.
type keySet uint32

func (s keySet) with(k keyKind) keySet { return s | 1<<k }

func (s keySet) has(k keyKind) bool { return s&(1<<k) != 0 }

// wrapper tells which envelope an object with these keys is, if any.
func (s keySet) wrapper() wrapperKind {
	switch {
	case s.has(keyDetail) && s.has(keyDetailType):
		return eventBridgeEvent
	case s.has(keyMessage) && s.has(keyTopicArn):
		return snsNotification
	case s.has(keyBody) && s.has(keySQSReceipt):
		return sqsMessage
	}
	return noWrapper
}

// messageElement reads an element of receive-message's Messages: an SQS message.
func (d *cloudTrailDecoder) messageElement(data []byte) error {
	if err := notAnObject(data[0]); err != nil {
		return d.emitRecord(data, err)
	}
	return d.unwrap(data, sqsMessage)
}

// unwrap emits the records an envelope (well-formed JSON, in memory) carries.
func (d *cloudTrailDecoder) unwrap(data []byte, kind wrapperKind) error {
	if kind == eventBridgeEvent {
		detail, ok := d.member(data, "detail")
		if !ok || detail[0] != '{' {
			return d.emitRecord(nil, fmt.Errorf("EventBridge event whose detail is not an object"))
		}
		return d.emitRecord(detail, nil)
	}
	name, ok := "Message", false
	var payload []byte
	if kind == snsNotification {
		payload, ok = d.stringMember(data, name)
	} else {
		name = "Body"
		if payload, ok = d.stringMember(data, name); !ok {
			payload, ok = d.stringMember(data, "body")
		}
	}
	if !ok {
		return d.emitRecord(nil, fmt.Errorf("%s without a %s string", kind, name))
	}
	context := kind.String() + " " + name
	if d.wrapped+1 >= maxWrapping {
		return d.emitRecord(nil, fmt.Errorf("%s: envelopes nested more than %d deep", context, maxWrapping))
	}
	text := jsontext.AppendUnescaped(nil, payload)
	inner := &jsonReader{}
	inner.reset(text)
	var emitErr error
	nested := cloudTrailDecoder{in: inner, wrapped: d.wrapped + 1, emit: func(rec RawRecord) error {
		if rec.Err != nil {
			rec.Err = fmt.Errorf("%s: %w", context, rec.Err)
		}
		emitErr = d.emitRecord(rec.Data, rec.Err)
		return emitErr
	}}
	err := nested.run()
	switch {
	case emitErr != nil:
		return emitErr
	case err != nil:
		// The envelope was well-formed: the records after it can still be read.
		return d.emitRecord(nil, fmt.Errorf("%s: %w", context, err))
	}
	return nil
}

// stringMember is the escaped text of the string member name of the object in data.
func (d *cloudTrailDecoder) stringMember(data []byte, name string) ([]byte, bool) {
	value, ok := d.member(data, name)
	if !ok || value[0] != '"' {
		return nil, false
	}
	return value[1 : len(value)-1], true
}

// member is the text of the value of member name of the object in data, which is well-formed JSON;
// a repeated key gives its last value, as with encoding/json. Keys written with escapes do not match.
func (d *cloudTrailDecoder) member(data []byte, name string) ([]byte, bool) {
	ev := &d.event
	ev.reset(data)
	ev.pos++ // '{'
	var value []byte
	found := false
	// data is well-formed JSON, so the reads below cannot fail; the loop stops on an error all the same
	for {
		c, err := ev.nonSpace()
		if c == ',' {
			ev.pos++
			c, err = ev.nonSpace()
		}
		if err != nil || c != '"' {
			break
		}
		keyStart := ev.pos + 1
		if ev.skipString() != nil {
			break
		}
		key := ev.buf[keyStart : ev.pos-1]
		if ev.colon() != nil {
			break
		}
		if _, err := ev.nonSpace(); err != nil {
			break
		}
		start := ev.pos
		if ev.skipValue(1) != nil {
			break
		}
		if string(key) == name {
			value, found = ev.buf[start:ev.pos], true
		}
	}
	return value, found
}
