package output

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/golden"
)

func TestWriteJSONGolden(t *testing.T) {
	db := openDuckDB(t)
	f := func(name, query string, format Format) {
		t.Helper()
		got, _ := writeQuery(t, db, query, Options{Format: format})
		golden.Check(t, filepath.Join("testdata", name), got)
	}
	f("scalars.json", scalarQuery, JSON)
	f("nested.json", nestedQuery, JSON)
	f("nested.jsonl", nestedQuery, JSONL)
	f("empty.json", "SELECT 1 AS a WHERE false", JSON)
	f("empty.jsonl", "SELECT 1 AS a WHERE false", JSONL)
}

// decodeJSONRows parses the JSON array or JSON Lines output into objects
// (numbers kept as text) and the key order of each object.
func decodeJSONRows(t *testing.T, out []byte, format Format) ([]map[string]any, [][]string) {
	t.Helper()
	var raws []json.RawMessage
	if format == JSON {
		if err := json.Unmarshal(out, &raws); err != nil {
			t.Fatalf("output is not a JSON array: %v\n%s", err, out)
		}
	} else {
		for line := range strings.Lines(string(out)) {
			raws = append(raws, json.RawMessage(line))
		}
	}
	var objects []map[string]any
	var keys [][]string
	for _, raw := range raws {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var obj map[string]any
		if err := dec.Decode(&obj); err != nil {
			t.Fatalf("row is not a JSON object: %v\n%s", err, raw)
		}
		objects = append(objects, obj)
		keys = append(keys, objectKeys(t, raw))
	}
	return objects, keys
}

// objectKeys lists the top-level keys of a JSON object in document order.
func objectKeys(t *testing.T, raw []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

func TestWriteJSONParsesBack(t *testing.T) {
	db := openDuckDB(t)
	for _, format := range []Format{JSON, JSONL} {
		out, n := writeQuery(t, db, scalarQuery, Options{Format: format})
		rows, keys := decodeJSONRows(t, out, format)
		if int64(len(rows)) != n || n != 5 {
			t.Fatalf("%s: %d objects, Write reported %d rows, want 5", format, len(rows), n)
		}
		wantKeys := strings.Split(scalarColumns+", "+temporalColumns, ", ")
		f := func(row int, column string, want any) {
			t.Helper()
			if got := rows[row][column]; fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s row %d %s = %#v, want %#v", format, row+1, column, got, want)
			}
		}
		for i := range rows {
			if strings.Join(keys[i], ", ") != strings.Join(wantKeys, ", ") {
				t.Errorf("%s row %d keys %q, want the column order %q", format, i+1, keys[i], wantKeys)
			}
		}
		f(0, "huge", json.Number("170141183460469231731687303715884105727"))
		f(1, "huge", json.Number("-170141183460469231731687303715884105727"))
		f(0, "ubig", json.Number("18446744073709551615"))
		f(0, "dec", json.Number("1234567.891"))
		f(1, "dec", json.Number("-0.005"))
		f(0, "dbl", json.Number("0.1"))
		f(1, "dbl", json.Number("100000000000000000000"))
		f(2, "dbl", nil) // NaN
		f(2, "flt", nil) // Inf
		f(4, "dbl", nil) // -Inf
		f(0, "flag", true)
		f(3, "flag", nil)
		f(1, "txt", `comma, "quote" and 'apostrophe'`)
		f(2, "txt", "line one\nline two\r\nhéllo 世界 🙂")
		f(4, "txt", "")
		f(0, "uid", "12345678-1234-5678-1234-567812345678")
		f(0, "span", "1 year 2 months 3 days 04:05:06.789")
		f(0, "day", "2024-03-05")
		f(0, "tstz", "2024-03-05T10:01:02.123Z")
		blob, err := base64.StdEncoding.DecodeString(rows[1]["bin"].(string))
		if err != nil || string(blob) != "\x00\xff\"'\\" {
			t.Errorf("%s: bin = %q (%v), want base64 of the blob bytes", format, rows[1]["bin"], err)
		}
		for i, row := range rows {
			ts, ok := row["ts"].(string)
			if !ok {
				continue
			}
			if _, err := time.Parse(time.RFC3339, ts); err != nil || !strings.HasSuffix(ts, "Z") {
				t.Errorf("%s row %d: ts %q is not RFC 3339 in UTC: %v", format, i+1, ts, err)
			}
		}
	}
}

func TestWriteJSONNested(t *testing.T) {
	db := openDuckDB(t)
	out, _ := writeQuery(t, db, nestedQuery, Options{Format: JSONL})
	rows, _ := decodeJSONRows(t, out, JSONL)
	first := strings.SplitN(string(out), "\n", 2)[0]
	// STRUCT fields keep their declared order, which a Go map cannot.
	if !strings.Contains(first, `"st":{"zeta":1,"alpha":"a,b","mid":[1,null,3],"inner":{"y":true,"x":"2024-03-05"}}`) {
		t.Errorf("struct not in field order: %s", first)
	}
	// MAP keys keep map order and become strings.
	if !strings.Contains(first, `"smap":{"k2":2,"k1":1}`) || !strings.Contains(first, `"tmap":{"10":["2024-03-05T10:01:02.123Z"],"2":[]}`) {
		t.Errorf("maps not as expected: %s", first)
	}
	f := func(row int, column, want string) {
		t.Helper()
		got, err := json.Marshal(rows[row][column])
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("row %d %s = %s, want %s", row+1, column, got, want)
		}
	}
	f(0, "structs", `[{"id":"12345678-1234-5678-1234-567812345678","n":1}]`)
	f(0, "un", `42`)
	f(1, "un", `"text"`)
	f(0, "doc", `{"a":{"nested":"x\ny"},"b":[1,2.5,null]}`)
	f(1, "doc", `"just a string"`)
	f(1, "st", `{"alpha":null,"inner":null,"mid":[],"zeta":null}`)
	f(2, "st", `null`)
}

func TestWriteJSONRepeatedColumnNames(t *testing.T) {
	db := openDuckDB(t)
	out, _ := writeQuery(t, db, "SELECT 1 AS a, 2 AS a, 3 AS a_2, 4 AS a", Options{Format: JSONL})
	if want := `{"a":1,"a_3":2,"a_2":3,"a_4":4}` + "\n"; string(out) != want {
		t.Errorf("got %s, want %s", out, want)
	}
}

// FuzzAppendJSONString checks that any string, invalid UTF-8 included,
// encodes to JSON that decodes to what encoding/json makes of it.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", `q"b\`, "\x00\x1f\x7f", "line\nbreak\ttab", "héllo 世界 🙂", "\xff\xfe", "\u2028\u2029", "<&>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := appendJSONString(nil, s)
		var decoded string
		if err := json.Unmarshal(got, &decoded); err != nil {
			t.Fatalf("%q encodes to invalid JSON %s: %v", s, got, err)
		}
		reference, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var want string
		if err := json.Unmarshal(reference, &want); err != nil {
			t.Fatal(err)
		}
		if decoded != want {
			t.Fatalf("%q encodes to %s, which decodes to %q, want %q", s, got, decoded, want)
		}
	})
}
