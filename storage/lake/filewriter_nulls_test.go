package lake

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/ocsf"
	"github.com/parquet-go/parquet-go"
)

// writePartFile writes values through a PartFile as ingest does, chunk rows
// per Append (a row group each), and returns the staged file's path.
func writePartFile[T any](t *testing.T, table Table, values []T, chunk int) string {
	t.Helper()
	w, err := OpenWriter(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	part, err := NewPartition("us-east-1", "111122223333", day)
	if err != nil {
		t.Fatal(err)
	}
	pf, err := CreatePartFile[T](w, table, part, false)
	if err != nil {
		t.Fatal(err)
	}
	rows := make([]Row[T], len(values))
	for i, v := range values {
		ms := day.Add(time.Duration(i) * time.Second).UnixMilli()
		rows[i] = Row[T]{Value: v, Part: part, TimeMs: ms}
	}
	for start := 0; start < len(rows); start += chunk {
		order := make([]int32, 0, chunk)
		for i := start; i < min(start+chunk, len(rows)); i++ {
			order = append(order, int32(i))
		}
		if err := pf.Append(rows, order); err != nil {
			t.Fatal(err)
		}
	}
	st, ok, err := pf.Finish()
	if err != nil || !ok {
		t.Fatalf("cannot finish the file: %v", err)
	}
	return TempName(st.Final)
}

func mustOpenParquet(t *testing.T, path string) *parquet.File {
	t.Helper()
	f, pf, err := openParquet(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return pf
}

// definedValues counts, for each row of the file and each leaf column, the
// values that are defined: a null, or an element of a list or a group that
// is null, stops short of the column's maximum definition level.
func definedValues(t *testing.T, pf *parquet.File) [][]int {
	t.Helper()
	maxDefinition := make([]int, len(pf.Schema().Columns()))
	for i, path := range pf.Schema().Columns() {
		col, _ := pf.Schema().Lookup(path...)
		maxDefinition[i] = col.MaxDefinitionLevel
	}
	var defined [][]int
	buf := make([]parquet.Row, 64)
	for _, rg := range pf.RowGroups() {
		rows := rg.Rows()
		for {
			n, err := rows.ReadRows(buf)
			for _, row := range buf[:n] {
				counts := make([]int, len(maxDefinition))
				for _, v := range row {
					if v.DefinitionLevel() == maxDefinition[v.Column()] {
						counts[v.Column()]++
					}
				}
				defined = append(defined, counts)
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		rows.Close()
	}
	return defined
}

// columnIndex is the index of the leaf column at path.
func columnIndex(t *testing.T, pf *parquet.File, path ...string) int {
	t.Helper()
	col, ok := pf.Schema().Lookup(path...)
	if !ok {
		t.Fatalf("no column %s", strings.Join(path, "."))
	}
	return col.ColumnIndex
}

// readBack reads the file with parquet-go's reader and compares the rows
// with the written ones as JSON, where an empty string and a missing value
// look alike: definedValues tells them apart.
func readBack[T any](t *testing.T, path string, want []T) {
	t.Helper()
	got, err := parquet.ReadFile[T](path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("read %d rows back, wrote %d", len(got), len(want))
	}
	for i := range want {
		if g, w := mustJSON(t, got[i]), mustJSON(t, want[i]); string(g) != string(w) {
			t.Fatalf("row %d read back as\n%s\nwritten as\n%s", i, g, w)
		}
	}
}

// The report: 100 events, every 50th invoked by a service, written 7 rows
// per Append. Five of the 98 absent actor.invoked_by came back as empty
// strings.
func TestPartFileKeepsAbsentInvokedByNull(t *testing.T) {
	events := make([]ocsf.CloudTrailEvent, 100)
	for i := range events {
		events[i].Metadata.Profiles = []string{"cloud", "datetime"}
		if i%50 == 0 {
			events[i].Actor.InvokedBy = "lambda.amazonaws.com"
		}
	}
	path := writePartFile(t, CloudTrail, events, 7)
	pf := mustOpenParquet(t, path)
	c := columnIndex(t, pf, "actor", "invoked_by")
	for i, counts := range definedValues(t, pf) {
		if n, want := counts[c], min(1, len(events[i].Actor.InvokedBy)); n != want {
			t.Errorf("row %d: actor.invoked_by has %d defined values, want %d (written %q)", i, n, want, events[i].Actor.InvokedBy)
		}
	}
	readBack(t, path, events)
}

// optionalLeaf is a column of a row type whose Go field can be absent: an
// optional scalar, where the zero value is written as null, or a pointer to
// a scalar. fields are the struct field indexes from the row down to it.
type optionalLeaf struct {
	path   []string
	fields []int
}

// optionalLeaves lists the optional leaves under struct type t, following
// pointers to structs and lists of structs, as parquet-go lays out the
// columns from the 'parquet' struct tags.
func optionalLeaves(t reflect.Type, path []string, fields []int) []optionalLeaf {
	var leaves []optionalLeaf
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("parquet"), ",")
		if name == "" || name == "-" {
			continue
		}
		options := strings.Split(opts, ",")
		p, fs := append(slices.Clone(path), name), append(slices.Clone(fields), i)
		switch ft := f.Type; {
		case ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Struct:
			leaves = append(leaves, optionalLeaves(ft.Elem(), p, fs)...)
		case ft.Kind() == reflect.Pointer:
			leaves = append(leaves, optionalLeaf{path: p, fields: fs})
		case ft.Kind() == reflect.Struct:
			leaves = append(leaves, optionalLeaves(ft, p, fs)...)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct && slices.Contains(options, "list"):
			leaves = append(leaves, optionalLeaves(ft.Elem(), append(p, "list", "element"), fs)...)
		case ft.Kind() == reflect.Slice, ft.Kind() == reflect.Map:
			// Lists of scalars and maps have no optional scalar leaves.
		case slices.Contains(options, "optional"):
			leaves = append(leaves, optionalLeaf{path: p, fields: fs})
		}
	}
	return leaves
}

// present counts the values of the leaf in one row: non-zero optional
// scalars, non-nil pointers, over every element of the lists on the way.
func (l optionalLeaf) present(row reflect.Value) int {
	values, n := []reflect.Value{row}, 0
	for k, i := range l.fields {
		last := k == len(l.fields)-1
		var next []reflect.Value
		for _, v := range values {
			switch f := v.Field(i); {
			case f.Kind() == reflect.Pointer && f.IsNil():
			case f.Kind() == reflect.Pointer && last:
				n++
			case f.Kind() == reflect.Pointer:
				next = append(next, f.Elem())
			case f.Kind() == reflect.Slice:
				for j := range f.Len() {
					next = append(next, f.Index(j))
				}
			case last:
				if !f.IsZero() {
					n++
				}
			default:
				next = append(next, f)
			}
		}
		values = next
	}
	return n
}

// fillOptional sets every optional leaf under struct v when on, and leaves
// it absent otherwise. Pointers to structs are always set, so that their
// leaves are written one level below a present group. Lists of strings get
// one element. Lists of structs get four elements, filled as the row is, or
// when misreadList only the third: parquet-go writes a list's elements
// after the first as one batch, where absent-present-absent is a pattern
// its null bitmap misreads.
func fillOptional(v reflect.Value, on, misreadList bool) {
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		name, opts, _ := strings.Cut(sf.Tag.Get("parquet"), ",")
		if name == "" || name == "-" {
			continue
		}
		options := strings.Split(opts, ",")
		switch f := v.Field(i); {
		case f.Kind() == reflect.Pointer && f.Type().Elem().Kind() == reflect.Struct:
			f.Set(reflect.New(f.Type().Elem()))
			fillOptional(f.Elem(), on, misreadList)
		case f.Kind() == reflect.Pointer:
			if on {
				f.Set(reflect.New(f.Type().Elem()))
				setScalar(f.Elem())
			}
		case f.Kind() == reflect.Struct:
			fillOptional(f, on, misreadList)
		case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.Struct && slices.Contains(options, "list"):
			f.Set(reflect.MakeSlice(f.Type(), 4, 4))
			for j := range 4 {
				fillOptional(f.Index(j), on && !misreadList || misreadList && j == 2, false)
			}
		case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.String:
			// Lists of strings are never null in rows (profiles), and
			// their elements are required.
			f.Set(reflect.ValueOf([]string{"x"}).Convert(f.Type()))
		case f.Kind() == reflect.Slice, f.Kind() == reflect.Map:
		case on && slices.Contains(options, "optional"):
			setScalar(f)
		}
	}
}

func setScalar(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int32, reflect.Int64:
		v.SetInt(7)
	default:
		panic("no test value for " + v.Type().String())
	}
}

// checkOptionalLeaves writes 600 rows of T through a PartFile, chunk rows
// per Append, and checks every optional leaf's nulls and the values read
// back.
func checkOptionalLeaves[T any](t *testing.T, table Table, chunk int) {
	leaves := optionalLeaves(reflect.TypeFor[T](), nil, nil)
	if len(leaves) < 20 {
		t.Fatalf("only %d optional leaves found in %T", len(leaves), table.Row)
	}
	// Present in rows 0, 50, 100… (the report) and in the second row of
	// every 64: a present value after a null inside one 64-bit word of
	// parquet-go's null bitmap, then nulls to the end of the word. Lists
	// of every seventh row hold the pattern of their own.
	rows := make([]T, 600)
	for i := range rows {
		fillOptional(reflect.ValueOf(&rows[i]).Elem(), i%50 == 0 || i%64 == 1, i%7 == 3)
	}
	path := writePartFile(t, table, rows, chunk)
	pf := mustOpenParquet(t, path)
	defined := definedValues(t, pf)
	for _, leaf := range leaves {
		c := columnIndex(t, pf, leaf.path...)
		var wrong []int
		for i, counts := range defined {
			if counts[c] != leaf.present(reflect.ValueOf(rows[i])) {
				wrong = append(wrong, i)
			}
		}
		if len(wrong) > 0 {
			t.Errorf("%s: %d rows whose defined values are not the row's present ones, first rows %v",
				strings.Join(leaf.path, "."), len(wrong), wrong[:min(len(wrong), 5)])
		}
	}
	readBack(t, path, rows)
}

// Every optional leaf of both row types keeps its nulls whatever the
// pattern of present values and however rows are split into Appends (row
// groups) and, inside the file writer, into batches: absent values are
// written as nulls, not as empty strings or 0.
func TestPartFileKeepsNullsOfEveryOptionalLeaf(t *testing.T) {
	for _, chunk := range []int{7, 300} {
		t.Run(fmt.Sprintf("CloudTrail/%d", chunk), func(t *testing.T) {
			checkOptionalLeaves[ocsf.CloudTrailEvent](t, CloudTrail, chunk)
		})
		t.Run(fmt.Sprintf("VPCFlow/%d", chunk), func(t *testing.T) {
			checkOptionalLeaves[ocsf.FlowEvent](t, VPCFlow, chunk)
		})
	}
}
