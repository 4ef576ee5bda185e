package ocsf

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
)

// flattenJSON turns a decoded JSON document into dotted paths → scalars
// (array elements are numbered), so two documents compare field by field.
func flattenJSON(out map[string]any, path string, v any) {
	join := func(key string) string {
		if path == "" {
			return key
		}
		return path + "." + key
	}
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			flattenJSON(out, join(k), child)
		}
	case []any:
		for i, child := range v {
			flattenJSON(out, join(strconv.Itoa(i)), child)
		}
	default:
		out[path] = v
	}
}

func decodeJSONNumbers(t *testing.T, data []byte) any {
	t.Helper()
	decoder := json.NewDecoder(bytes.NewReader(data))
	decoder.UseNumber()
	var v any
	if err := decoder.Decode(&v); err != nil {
		t.Fatalf("cannot decode JSON: %v", err)
	}
	return v
}

func epochMillisOf(t *testing.T, rendered any) json.Number {
	t.Helper()
	s, _ := rendered.(string)
	ts, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("reference time %v: %v", rendered, err)
	}
	return json.Number(strconv.FormatInt(ts.UnixMilli(), 10))
}

// conformanceDifference is a field where lakehunt deliberately differs
// from a reference record: ours gives the value lakehunt must hold
// instead (nil: absent), computed from the reference record.
type conformanceDifference struct {
	why  string
	ours func(t *testing.T, reference map[string]any) any
}

func sameInstantAs(path string) func(*testing.T, map[string]any) any {
	return func(t *testing.T, reference map[string]any) any { return epochMillisOf(t, reference[path]) }
}

func absent(*testing.T, map[string]any) any { return nil }

func literal(v any) func(*testing.T, map[string]any) any {
	return func(*testing.T, map[string]any) any { return v }
}

// conformanceDifferences are keyed by "<sample>:<path>"; sample "*" is every sample.
var conformanceDifferences = map[string]conformanceDifference{
	"*:time_dt": {
		why:  "the reference renders time_dt as RFC 3339 in a local zone; the Parquet TIMESTAMP comes back as epoch ms of the same instant",
		ours: sameInstantAs("time_dt"),
	},
	"*:actor.session.created_time_dt": {
		why:  "same rendering difference as time_dt",
		ours: sameInstantAs("actor.session.created_time_dt"),
	},
	"*:status_id": {
		why:  "the references give status only; OCSF 1.1 recommends status_id, 1 for Success",
		ours: func(*testing.T, map[string]any) any { return json.Number("1") },
	},
	"account_change:actor.session.created_time": {
		why:  "the reference gives created_time_dt only; lakehunt fills the epoch-ms twin too",
		ours: sameInstantAs("actor.session.created_time_dt"),
	},
	"authentication:api.request.uid": {
		why:  `the reference holds "''" though the raw record has no requestID`,
		ours: absent,
	},
	"account_change:unmapped.userIdentity.sessionContext.webIdFederationData": {
		why:  "lakehunt keeps an empty object as {}, so that the raw views tell it from an absent one",
		ours: literal("{}"),
	},
	"authentication:unmapped.additionalEventData": {
		why:  "lakehunt keeps additionalEventData's JSON text beside its flattened members for the raw views",
		ours: literal(`{"LoginTo":"https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true","MFAIdentifier":"arn:aws:iam::111122223333:u2f/user/anaya/default-AAAAAAAABBBBBBBBCCCCCCCCDD","MFAUsed":"Yes","MobileVersion":"No"}`),
	},
}

// TestOCSFExamplesConformance maps the raw records of the OCSF project's
// CloudTrail examples and compares the Parquet round trip with their OCSF
// records field by field.
func TestOCSFExamplesConformance(t *testing.T) {
	dir := sharedcorpus.Dir(t, "corpus", "ocsf-examples")
	f := func(sample string) {
		t.Helper()
		raw, err := os.ReadFile(filepath.Join(dir, "cloudtrail_"+sample+".raw.json"))
		if err != nil {
			t.Fatal(err)
		}
		referenceJSON, err := os.ReadFile(filepath.Join(dir, "cloudtrail_"+sample+".ocsf.json"))
		if err != nil {
			t.Fatal(err)
		}
		ev, _ := mustMapCloudTrail(t, raw)
		oursDoc := decodeJSONNumbers(t, renderParquetJSON(t, []CloudTrailEvent{ev})).([]any)[0].(map[string]any)
		referenceDoc := decodeJSONNumbers(t, referenceJSON).(map[string]any)

		checkObservablesConform(t, sample, ev, referenceDoc["observables"])
		delete(oursDoc, "observables")
		delete(referenceDoc, "observables")

		ours, reference := map[string]any{}, map[string]any{}
		flattenJSON(ours, "", oursDoc)
		flattenJSON(reference, "", referenceDoc)
		paths := map[string]bool{}
		for p := range ours {
			paths[p] = true
		}
		for p := range reference {
			paths[p] = true
		}
		for _, path := range slices.Sorted(maps.Keys(paths)) {
			got, want := ours[path], reference[path]
			difference, deliberate := conformanceDifferences[sample+":"+path]
			if !deliberate {
				difference, deliberate = conformanceDifferences["*:"+path]
			}
			if deliberate {
				want = difference.ours(t, reference)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %s = %#v, want %#v", sample, path, got, want)
			}
		}
	}
	f("account_change")
	f("authentication")
	f("generic_api_activity")
}

// checkObservablesConform compares observables as a set (the references
// order them differently from one another); lakehunt adds actor.user.uid
// as a Resource UID, which the references leave out.
func checkObservablesConform(t *testing.T, sample string, ev CloudTrailEvent, reference any) {
	t.Helper()
	var want []Observable
	for _, o := range reference.([]any) {
		o := o.(map[string]any)
		typeID, _ := o["type_id"].(json.Number).Int64()
		want = append(want, Observable{Name: o["name"].(string), Value: o["value"].(string), Type: o["type"].(string), TypeID: int32(typeID)})
	}
	if ev.Actor.User != nil && ev.Actor.User.UID != "" {
		want = append(want, Observable{Name: "actor.user.uid", Value: ev.Actor.User.UID, Type: "Resource UID", TypeID: 10})
	}
	got := slices.Clone(ev.Observables)
	byName := func(a, b Observable) int { return strings.Compare(a.Name+a.Value, b.Name+b.Value) }
	slices.SortFunc(got, byName)
	slices.SortFunc(want, byName)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: observables\n got  %+v\n want %+v", sample, got, want)
	}
}

// TestCloudTrailCorpusConformance maps every record of the shared corpus and
// checks the counted facts of corpus/README.md: 540 records, 17 without a
// usable eventTime, 491 distinct events among the rest (the lookup-events
// records and 24 panther records are second deliveries).
func TestCloudTrailCorpusConformance(t *testing.T) {
	dir := sharedcorpus.Dir(t, "corpus", "cloudtrail")
	var records []corpusRecord
	records = append(records, envelopeRecords(t, filepath.Join(dir, "panther"))...)
	records = append(records, envelopeRecords(t, filepath.Join(dir, "s3layout"))...)
	records = append(records, lineRecords(t, filepath.Join(dir, "elastic"))...)
	records = append(records, lookupEventsRecords(t, filepath.Join(dir, "lookup-events", "lookup-events-output.json"))...)

	keys := map[[16]byte]string{}
	rejected := 0
	lookupKeys := map[[16]byte]bool{}
	for _, r := range records {
		ev, meta, err := MapCloudTrail(r.raw)
		if err != nil {
			rejected++
			if !strings.Contains(err.Error(), "eventTime") {
				t.Errorf("%s: rejected for something else than eventTime: %v", r.origin, err)
			}
			continue
		}
		if ev.Time == 0 || ev.ClassUID == 0 || ev.Metadata.Version != "1.1.0" {
			t.Errorf("%s: incomplete row %+v", r.origin, ev)
		}
		if strings.Contains(r.origin, "lookup-events") {
			lookupKeys[meta.Key] = true
		} else {
			keys[meta.Key] = r.origin
		}
	}
	if len(records) != 540 || rejected != 17 {
		t.Errorf("%d records, %d rejected; corpus README says 540 and 17", len(records), rejected)
	}
	for key := range lookupKeys {
		if _, ok := keys[key]; !ok {
			t.Errorf("a lookup-events record matches no S3-delivered record")
		}
		keys[key] = "lookup-events"
	}
	if len(lookupKeys) != 8 || len(keys) != 491 {
		t.Errorf("%d distinct lookup-events records, %d distinct events; want 8 and 491", len(lookupKeys), len(keys))
	}
}

type corpusRecord struct {
	origin string
	raw    []byte
}

func openMaybeGzip(t *testing.T, path string) []byte {
	t.Helper()
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	var r io.Reader = file
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(file)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		r = gz
	}
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return data
}

// envelopeRecords reads the {"Records":[...]} files under dir, skipping
// digest files.
func envelopeRecords(t *testing.T, dir string) []corpusRecord {
	t.Helper()
	var records []corpusRecord
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(path, "CloudTrail-Digest") ||
			!(strings.HasSuffix(path, ".json") || strings.HasSuffix(path, ".json.gz")) {
			return err
		}
		var envelope struct{ Records []json.RawMessage }
		if err := json.Unmarshal(openMaybeGzip(t, path), &envelope); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for i, raw := range envelope.Records {
			records = append(records, corpusRecord{origin: fmt.Sprintf("%s[%d]", path, i), raw: raw})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return records
}

func lineRecords(t *testing.T, dir string) []corpusRecord {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.log"))
	if err != nil {
		t.Fatal(err)
	}
	var records []corpusRecord
	for _, path := range paths {
		scanner := bufio.NewScanner(bytes.NewReader(openMaybeGzip(t, path)))
		scanner.Buffer(nil, 1<<20)
		for line := 1; scanner.Scan(); line++ {
			if text := bytes.TrimSpace(scanner.Bytes()); len(text) > 0 {
				records = append(records, corpusRecord{origin: fmt.Sprintf("%s:%d", path, line), raw: slices.Clone(text)})
			}
		}
		if err := scanner.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return records
}

func lookupEventsRecords(t *testing.T, path string) []corpusRecord {
	t.Helper()
	var output struct {
		Events []struct{ CloudTrailEvent string }
	}
	if err := json.Unmarshal(openMaybeGzip(t, path), &output); err != nil {
		t.Fatal(err)
	}
	var records []corpusRecord
	for i, e := range output.Events {
		records = append(records, corpusRecord{origin: fmt.Sprintf("%s[%d]", path, i), raw: []byte(e.CloudTrailEvent)})
	}
	return records
}
