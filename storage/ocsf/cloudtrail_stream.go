package ocsf

import (
	"errors"
	"strings"
)

// CloudTrailStream is the Security Lake source a CloudTrail event belongs
// to. Security Lake keeps management events, S3 data events and Lambda data
// events in three sources (CLOUD_TRAIL_MGMT, S3_DATA, LAMBDA_EXECUTION),
// each its own table.
type CloudTrailStream uint8

const (
	// ManagementEvents are management events, and every other CloudTrail
	// event lakehunt keeps: data events of other services (DynamoDB, S3
	// Express, ...) and network activity events, which Security Lake does
	// not collect at all.
	ManagementEvents CloudTrailStream = iota + 1
	// S3DataEvents are data events of s3.amazonaws.com.
	S3DataEvents
	// LambdaDataEvents are data events of lambda.amazonaws.com (Invoke).
	LambdaDataEvents
)

func (s CloudTrailStream) String() string {
	switch s {
	case ManagementEvents:
		return "management events"
	case S3DataEvents:
		return "S3 data events"
	case LambdaDataEvents:
		return "Lambda data events"
	}
	return "no CloudTrail events"
}

// stream sorts an event as Security Lake does: a data event is one whose
// eventCategory is "Data" or, in records older than eventCategory
// (eventVersion before 1.08), whose managementEvent is false; it goes to
// the source of its service. category and source are the mapped
// eventCategory and eventSource.
//
// Data events of other services and network activity events
// (eventCategory NetworkActivity) stay with the management events:
// Security Lake collects neither, and dropping them would lose what a
// trail's owner chose to log; their metadata.product.feature.name ("Data",
// "NetworkActivity") tells them apart there.
func (m *cloudTrailMapper) stream(category, source string) CloudTrailStream {
	data := category == "Data"
	if category == "" {
		// Some re-exports write booleans as strings.
		i := m.node(fManagementEvent)
		s, _ := m.tree.str(i)
		data = i != noNode && (m.tree.nodes[i].kind == jsonFalse || s == "false")
	}
	if !data {
		return ManagementEvents
	}
	switch source {
	case "s3.amazonaws.com":
		return S3DataEvents
	case "lambda.amazonaws.com":
		return LambdaDataEvents
	}
	return ManagementEvents
}

// errInsightsEvent rejects CloudTrail Insights events. They are not API
// calls (no caller, address or user agent; the call they count sits in
// insightDetails), so as API Activity rows they would look like calls
// that never happened, and Security Lake collects no Insights: lakehunt
// skips files under CloudTrail-Insight/ for the same reason. An Insights
// event inside another file is rejected rather than dropped, so the
// summary and 'lake info' say where it was.
var errInsightsEvent = errors.New("a CloudTrail Insights event, not an API call: Security Lake collects no Insights, and neither does lakehunt")

// isInsight tells an Insights event by its eventCategory (eventVersion
// 1.08 on) or its eventType.
func (m *cloudTrailMapper) isInsight() bool {
	category, _ := m.tree.str(m.node(fEventCategory))
	eventType, _ := m.tree.str(m.node(fEventType))
	return category == "Insight" || eventType == "AwsCloudTrailInsight"
}

// movedField finds a field that a log shipper's re-export moved out of
// CloudTrail's names, such as Datadog's network.client.ip for
// sourceIPAddress: nested objects along path, or one member named by the
// dotted path. It returns noNode when neither is there.
func (m *cloudTrailMapper) movedField(path ...string) int32 {
	t := m.tree
	if i := t.member(jsonRoot, strings.Join(path, ".")); i != noNode {
		return i
	}
	i := jsonRoot
	for _, name := range path {
		if i = t.member(i, name); i == noNode {
			return noNode
		}
	}
	return i
}
