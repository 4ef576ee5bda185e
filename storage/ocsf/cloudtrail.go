package ocsf

import (
	"crypto/sha256"
	"fmt"
	"sync"
	"time"
)

// CloudTrailMeta is what the ingest pipeline needs beside the row.
type CloudTrailMeta struct {
	Region    string // awsRegion ("" if absent)
	AccountID string // recipientAccountId, else userIdentity.accountId ("" if absent)
	// Key identifies the record's content for dedup: the first 16 bytes of
	// the SHA-256 of its canonical JSON (object keys sorted, no
	// insignificant space, strings in one escaping, numbers as written). The
	// same event read from an S3 file, a lookup-events CloudTrailEvent string
	// or an NDJSON line has one Key; records sharing an eventID but differing
	// in content do not. SHA-256 rather than a faster non-cryptographic hash
	// because record content is partly attacker-chosen (request parameters),
	// and a forged collision would make the lake drop a real event.
	Key [16]byte
	// Stream is the Security Lake source the event belongs to.
	Stream CloudTrailStream
}

// cloudTrailScratch is the per-call working memory of MapCloudTrail, pooled
// so that a steady stream of records reuses the same node slice and buffers.
type cloudTrailScratch struct {
	tree      jsonTree
	canonical []byte
	order     []sortedMember
}

var cloudTrailScratchPool = sync.Pool{New: func() any { return new(cloudTrailScratch) }}

// One huge record must not pin its buffers in the pool.
const (
	maxPooledCanonical = 1 << 20
	maxPooledNodes     = 1 << 16
)

const jsonRoot int32 = 0

// cloudTrailProfiles is shared by every row (capacity = length, so an
// append by a consumer copies instead of writing into it).
var cloudTrailProfiles = []string{"cloud", "datetime"}[:2:2]

// MapCloudTrail maps one CloudTrail record (a JSON object, as found in
// Records[] of an S3 delivery, a lookup-events CloudTrailEvent string or an
// NDJSON line) to its OCSF 1.1 row and tells which Security Lake source it
// belongs to (meta.Stream). It rejects input that is not a JSON object,
// Insights events (see errInsightsEvent) and records without a parseable
// event time; it does not judge whether the time is plausible. raw is not
// retained: the row's strings share one private copy of the record's text.
//
// Records re-exported by log shippers are read with documented fallbacks:
// '@timestamp' when eventTime is absent, 'network.client.ip' and
// 'http.useragent' (nested or as dotted keys) when sourceIPAddress and
// userAgent are absent.
func MapCloudTrail(raw []byte) (CloudTrailEvent, CloudTrailMeta, error) {
	s := cloudTrailScratchPool.Get().(*cloudTrailScratch)
	defer func() {
		s.tree.reset()
		if cap(s.canonical) > maxPooledCanonical || cap(s.tree.nodes) > maxPooledNodes {
			*s = cloudTrailScratch{}
		}
		cloudTrailScratchPool.Put(s)
	}()
	t := &s.tree
	if err := t.parse(raw); err != nil {
		return CloudTrailEvent{}, CloudTrailMeta{}, fmt.Errorf("cannot parse CloudTrail record: %w", err)
	}
	if kind := t.nodes[jsonRoot].kind; kind != jsonObject {
		return CloudTrailEvent{}, CloudTrailMeta{}, fmt.Errorf("CloudTrail record is a JSON %s, not an object", kind)
	}
	m := cloudTrailMapper{tree: t, fields: topLevelFields(t)}
	if m.isInsight() {
		return CloudTrailEvent{}, CloudTrailMeta{}, errInsightsEvent
	}
	eventTime, err := m.eventTime()
	if err != nil {
		return CloudTrailEvent{}, CloudTrailMeta{}, err
	}
	category, _ := t.str(m.node(fEventCategory))
	ev := m.event(eventTime)
	meta := CloudTrailMeta{Region: ev.Cloud.Region, AccountID: t.strMember(jsonRoot, "recipientAccountId"),
		Stream: m.stream(category, ev.API.Service.Name)}
	if meta.AccountID == "" && ev.Actor.User != nil && ev.Actor.User.Account != nil {
		meta.AccountID = ev.Actor.User.Account.UID
	}
	s.canonical = t.appendCanonical(s.canonical[:0], jsonRoot, &s.order)
	sum := sha256.Sum256(s.canonical)
	copy(meta.Key[:], sum[:])
	return ev, meta, nil
}

// ctField names the top-level members the mapping reads.
type ctField int

const (
	fEventTime ctField = iota
	fEventID
	fEventVersion
	fEventType
	fEventCategory
	fEventName
	fEventSource
	fAPIVersion
	fRequestID
	fRequestParameters
	fResponseElements
	fErrorCode
	fErrorMessage
	fUserIdentity
	fSourceIPAddress
	fVPCEndpointID
	fUserAgent
	fAWSRegion
	fResources
	fAdditionalEventData
	fServiceEventDetails
	fManagementEvent
	fShipperTimestamp
	fEdgeDeviceDetails
	ctFieldCount
	fNone ctField = -1
)

func ctFieldOf(name []byte) ctField {
	switch string(name) {
	case "eventTime":
		return fEventTime
	case "eventID":
		return fEventID
	case "eventVersion":
		return fEventVersion
	case "eventType":
		return fEventType
	case "eventCategory":
		return fEventCategory
	case "eventName":
		return fEventName
	case "eventSource":
		return fEventSource
	case "apiVersion":
		return fAPIVersion
	case "requestID":
		return fRequestID
	case "requestParameters":
		return fRequestParameters
	case "responseElements":
		return fResponseElements
	case "errorCode":
		return fErrorCode
	case "errorMessage":
		return fErrorMessage
	case "userIdentity":
		return fUserIdentity
	case "sourceIPAddress":
		return fSourceIPAddress
	case "vpcEndpointId":
		return fVPCEndpointID
	case "userAgent":
		return fUserAgent
	case "awsRegion":
		return fAWSRegion
	case "resources":
		return fResources
	case "additionalEventData":
		return fAdditionalEventData
	case "serviceEventDetails":
		return fServiceEventDetails
	case "managementEvent":
		return fManagementEvent
	case "@timestamp":
		return fShipperTimestamp
	case "edgeDeviceDetails":
		return fEdgeDeviceDetails
	}
	return fNone
}

// topLevelFields finds the members the mapping reads in one pass over the
// record; a repeated key resolves to its last occurrence.
func topLevelFields(t *jsonTree) [ctFieldCount]int32 {
	var fields [ctFieldCount]int32
	for i := range fields {
		fields[i] = noNode
	}
	for c := t.nodes[jsonRoot].firstChild; c != noNode; c = t.nodes[c].nextSibling {
		if f := ctFieldOf(t.keyBytes(c)); f != fNone {
			fields[f] = c
		}
	}
	return fields
}

type cloudTrailMapper struct {
	tree   *jsonTree
	fields [ctFieldCount]int32
}

func (m *cloudTrailMapper) node(f ctField) int32 { return m.fields[f] }

func (m *cloudTrailMapper) take(f ctField) string { return m.tree.take(m.fields[f]) }

// eventTime is eventTime, or, in a record a log shipper re-exported
// without it, the shipper's '@timestamp' (which stays in unmapped, so a row
// tells where its time came from). Logstash, Filebeat and Fluent Bit stamp
// '@timestamp' with the event's time when their CloudTrail input parses it,
// else with the time they read the record: the fallback is the best time
// such an export holds, and a record without either is still rejected.
func (m *cloudTrailMapper) eventTime() (time.Time, error) {
	t, i := m.tree, m.node(fEventTime)
	if i == noNode && m.node(fShipperTimestamp) != noNode {
		return m.shipperTime()
	}
	switch {
	case i == noNode:
		return time.Time{}, fmt.Errorf("missing eventTime")
	case t.nodes[i].kind == jsonNull:
		return time.Time{}, fmt.Errorf("missing eventTime (null)")
	case t.nodes[i].kind != jsonString:
		return time.Time{}, fmt.Errorf("cannot parse eventTime %s: not a string", t.compactText(i))
	}
	s := t.take(i)
	ts, err := ParseEventTime(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("cannot parse eventTime %q: %w", s, err)
	}
	if !IsCanonicalTime(s, ts) {
		t.unuse(i)
	}
	return ts, nil
}

func (m *cloudTrailMapper) shipperTime() (time.Time, error) {
	t, i := m.tree, m.node(fShipperTimestamp)
	s, ok := t.str(i)
	if !ok {
		return time.Time{}, fmt.Errorf("missing eventTime, and @timestamp %s is not a string", t.compactText(i))
	}
	ts, err := ParseEventTime(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("missing eventTime, and cannot parse @timestamp %q: %w", s, err)
	}
	return ts, nil
}

func (m *cloudTrailMapper) event(eventTime time.Time) CloudTrailEvent {
	eventName := m.take(fEventName)
	class := classOf(eventName)
	activityID := class.activity(eventName, m.tree, m.node(fRequestParameters))
	activity := class.activities[activityID]
	ms := eventTime.UnixMilli()
	ev := CloudTrailEvent{
		Metadata: Metadata{
			Product: Product{
				Version:    m.take(fEventVersion),
				Name:       "CloudTrail",
				VendorName: "AWS",
				Feature:    Feature{Name: featureName(m.take(fEventCategory))},
			},
			EventCode: m.take(fEventType),
			UID:       m.take(fEventID),
			Profiles:  cloudTrailProfiles,
			Version:   "1.1.0",
		},
		Time:         ms,
		TimeDt:       ms,
		Cloud:        Cloud{Region: m.take(fAWSRegion), Provider: "AWS"},
		API:          m.api(eventName),
		Actor:        m.actor(),
		SrcEndpoint:  m.srcEndpoint(),
		Resources:    m.resources(),
		ClassName:    class.name,
		ClassUID:     class.uid,
		CategoryName: class.categoryName,
		CategoryUID:  class.categoryUID,
		SeverityID:   1,
		Severity:     "Informational",
		ActivityName: activity.name,
		ActivityID:   activityID,
		TypeUID:      int64(class.uid)*100 + int64(activityID),
		TypeName:     activity.typeName,
	}
	ua := m.take(fUserAgent)
	if m.node(fUserAgent) == noNode {
		ua = m.tree.take(m.movedField("http", "useragent"))
	}
	if ua != "" {
		ev.HTTPRequest = &HTTPRequest{UserAgent: ua}
	}
	switch class.uid {
	case ClassAuthentication:
		m.authentication(&ev)
	case ClassAccountChange:
		m.accountChange(&ev)
	}
	ev.Status, ev.StatusID = m.status(class.uid, eventName, &ev.API)
	ev.Observables = cloudTrailObservables(&ev)
	ev.Unmapped = m.tree.unmappedTop(jsonRoot)
	for _, f := range [...]ctField{fAdditionalEventData, fServiceEventDetails, fEdgeDeviceDetails} {
		ev.Unmapped = m.keepJSON(ev.Unmapped, f)
	}
	return ev
}

// uncategorized is Security Lake's metadata.product.feature.name for a
// record without eventCategory (eventVersion before 1.08): it names every
// category the record could be, as its own files and the OCSF project's
// examples show.
const uncategorized = "Management, Data, and Insights"

func featureName(eventCategory string) string {
	if eventCategory == "" {
		return uncategorized
	}
	return eventCategory
}

// keepJSON adds the JSON text of a top-level object to unmapped under its
// own name, beside its flattened members. The raw views return these
// members as JSON text (additionaleventdata in cloudtrail_logs) or maps
// (CloudTrail Lake), which the flattening cannot give back: it loses the
// order of keys and whether a value was a string, a number or a boolean.
func (m *cloudTrailMapper) keepJSON(unmapped map[string]string, f ctField) map[string]string {
	i := m.node(f)
	if !m.tree.isObject(i) {
		return unmapped
	}
	if unmapped == nil {
		unmapped = map[string]string{}
	}
	unmapped[m.tree.keyText(i)] = m.tree.compactText(i)
	return unmapped
}

func (m *cloudTrailMapper) api(eventName string) API {
	api := API{
		Operation: eventName,
		Version:   m.take(fAPIVersion),
		Service:   APIService{Name: m.take(fEventSource)},
	}
	request := APIRequest{UID: m.take(fRequestID), Data: m.data(fRequestParameters)}
	if request != (APIRequest{}) {
		api.Request = &request
	}
	response := APIResponse{Error: m.take(fErrorCode), Message: m.take(fErrorMessage), Data: m.data(fResponseElements)}
	if response != (APIResponse{}) {
		api.Response = &response
	}
	return api
}

// data is member f as compact JSON text, whatever its type; the whole
// subtree is in the column, so none of it goes to unmapped.
func (m *cloudTrailMapper) data(f ctField) string {
	i := m.node(f)
	m.tree.markUsed(i)
	return m.tree.compactText(i)
}

// status: sign-ins report their outcome as "Success"/"Failure" under their
// own name, in responseElements (ConsoleLogin) or in serviceEventDetails
// (IAM Identity Center sign-in steps); otherwise an errorCode means
// failure. Other Authentication events (a role assumption, CheckMfa, whose
// responseElements.CheckMfa stays in api.response.data) are "Other", as in
// Security Lake's files: the call succeeded, but it is not a logon.
func (m *cloudTrailMapper) status(classUID int32, eventName string, api *API) (string, int32) {
	failed := api.Response != nil && api.Response.Error != ""
	if classUID == ClassAuthentication && eventName != "" {
		var outcome string
		if eventName == "ConsoleLogin" {
			outcome, _ = m.tree.str(m.tree.member(m.node(fResponseElements), eventName))
		}
		if outcome == "" {
			detail := m.tree.member(m.node(fServiceEventDetails), eventName)
			if outcome, _ = m.tree.str(detail); outcome == "Success" || outcome == "Failure" {
				m.tree.markUsed(detail)
			}
		}
		switch {
		case outcome == "Success":
			return "Success", 1
		case outcome == "Failure", failed:
			return "Failure", 2
		}
		return "Other", statusOther
	}
	if failed {
		return "Failure", 2
	}
	return "Success", 1
}

// statusOther is OCSF's status_id 99.
const statusOther int32 = 99
