package ocsf

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// columnEncodings writes rows to Parquet in memory and returns each leaf
// column's encodings by dotted path.
func columnEncodings[T any](t *testing.T, rows []T) map[string][]format.Encoding {
	t.Helper()
	var file bytes.Buffer
	w := parquet.NewGenericWriter[T](&file, parquet.Compression(&parquet.Zstd))
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	pf, err := parquet.OpenFile(bytes.NewReader(file.Bytes()), int64(file.Len()))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]format.Encoding{}
	for _, c := range pf.Metadata().RowGroups[0].Columns {
		got[strings.Join(c.MetaData.PathInSchema, ".")] = c.MetaData.Encoding
	}
	return got
}

// The encodings that keep the lake under half its .json.gz (see the package
// comment): random ids plain, small sets of values in a dictionary.
func TestColumnEncodings(t *testing.T) {
	f := func(got map[string][]format.Encoding, path string, dictionary bool) {
		t.Helper()
		enc, ok := got[path]
		if !ok {
			t.Fatalf("no column %s", path)
		}
		if has := slices.Contains(enc, format.RLEDictionary); has != dictionary {
			t.Errorf("%s: encodings %v, dictionary wanted: %v", path, enc, dictionary)
		}
	}
	trail := make([]CloudTrailEvent, 3)
	for i := range trail {
		trail[i] = CloudTrailEvent{
			Metadata:    Metadata{UID: "0c8a5b9e-7f0e-4a3c-9d7e-5f8e1b2c3d4" + string(rune('a'+i))},
			API:         API{Request: &APIRequest{UID: "5b1f1c2e-8d3a-4e5f-a6b7-c8d9e0f1a2b" + string(rune('a'+i))}},
			Actor:       Actor{Session: &ActorSession{CreatedTime: 1736207700000}},
			ClassUID:    6003,
			Unmapped:    map[string]string{"readOnly": "true", "recipientAccountId": "111122223333"},
			Observables: []Observable{{Name: "src_endpoint.ip", Value: "192.0.2.1", Type: "IP Address", TypeID: 2}},
		}
	}
	got := columnEncodings(t, trail)
	f(got, "metadata.uid", false)
	f(got, "api.request.uid", false)
	f(got, "unmapped.key_value.key", true)
	f(got, "unmapped.key_value.value", true)
	f(got, "actor.session.created_time", true)
	f(got, "class_uid", true)
	f(got, "observables.list.element.type_id", true)

	port := int32(443)
	flows := []FlowEvent{{ConnectionInfo: ConnectionInfo{ProtocolNum: &port, TCPFlags: &port}, ActionID: 1, Cloud: Cloud{Zone: "use1-az1"}}}
	got = columnEncodings(t, flows)
	f(got, "connection_info.protocol_num", true)
	f(got, "connection_info.tcp_flags", true)
	f(got, "action_id", true)
	f(got, "cloud.zone", true)
	f(got, "metadata.profiles.list.element", true)
}
