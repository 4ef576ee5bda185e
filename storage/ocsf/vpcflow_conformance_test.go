package ocsf

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
)

// TestMapFlowReproducesOCSFExample maps ocsf/examples' raw VPC flow record and
// compares every attribute of its OCSF record. Deliberate differences:
//   - *_dt: the example renders local time (-04:00); lakehunt stores the same
//     instant as a UTC timestamp, so instants are compared.
//   - dst_endpoint.interface_uid: the example's output has two more zeros
//     than its own input ("eni-0000000000000000"); lakehunt keeps the input.
//   - start_time, end_time, disposition_id, status, status_id: the example
//     omits them; ocsf.md §2.2 asks for them (datetime profile, community
//     queries on disposition_id, the dataprepper status variant).
//   - observables: the record leaves them out, as Security Lake's own flow
//     files do; the engine's view derives the example's list from the
//     endpoints (engine's TestFlowObservablesReproduceOCSFExample).
func TestMapFlowReproducesOCSFExample(t *testing.T) {
	corpus := sharedcorpus.Dir(t, "corpus", "ocsf-examples")
	names, values := sharedcorpus.FlowExample(t)
	var record FlowFields
	for i, column := range names {
		record[goldenFlowField(t, column)] = values[i]
	}
	event, meta, err := MapFlow(&record, FlowDefaults{})
	if err != nil {
		t.Fatal(err)
	}
	if meta != (FlowMeta{Region: "us-east-1", AccountID: "123456789012"}) {
		t.Errorf("meta = %+v, want the record's region and account", meta)
	}

	text, err := os.ReadFile(filepath.Join(corpus, "vpcflow.ocsf.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]any
	if err := json.Unmarshal(text, &want); err != nil {
		t.Fatal(err)
	}
	encoded, err := json.Marshal(event)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(encoded, &got); err != nil {
		t.Fatal(err)
	}

	for _, key := range []string{"time_dt", "start_time_dt", "end_time_dt"} {
		instant, err := time.Parse("2006-01-02T15:04:05.000Z07:00", want[key].(string))
		if err != nil {
			t.Fatalf("cannot parse example %s: %v", key, err)
		}
		want[key] = float64(instant.UnixMilli())
	}
	if gotInterface := event.DstEndpoint.InterfaceUID; gotInterface != record[FlowInterfaceID] {
		t.Errorf("dst_endpoint.interface_uid = %q, want the input's %q", gotInterface, record[FlowInterfaceID])
	}
	delete(want["dst_endpoint"].(map[string]any), "interface_uid")
	delete(want, "observables")
	delete(got["dst_endpoint"].(map[string]any), "interface_uid")
	// The mapper leaves lakehunt's additions to the example's columns
	// (start_time, end_time, status, status_id, disposition_id) null like
	// the observables: the engine's view derives them (engine's
	// TestFlowColumnsDerived), so none is in got.
	for key, value := range want {
		if !reflect.DeepEqual(got[key], value) {
			t.Errorf("%s:\n got %v\nwant %v", key, got[key], value)
		}
	}
	for key := range got {
		if _, ok := want[key]; !ok {
			t.Errorf("%s = %v is not in the example", key, got[key])
		}
	}
}
