package lake

import (
	"math/bits"
	"reflect"
	"slices"
	"strings"
	"unsafe"
)

// nullGuard keeps parquet-go from writing absent optional values as present
// zero values (empty strings or 0). Row types hold optional scalars as plain Go values
// ("optional" tag, zero = null, see package ocsf). parquet-go v0.32.0 (and
// v0.32.1, the newest release, and its main branch) shreds a batch of such
// values in writeRowsFuncOfOptional (column_buffer_write.go): it builds a
// bitmap of present values and writes runs of absent and present ones. When
// a run of absent values ends at bit y >= 1 of a 64-bit word, it tests
// whether the rest of the word is present with bits>>y == (1<<y)-1 rather
// than bits>>y == ^uint64(0)>>y. A word holding exactly y present values
// from bit y and none after passes that test, and the run is stretched to
// the end of the word: the absent values at bits 2y..63 are written as
// present empty strings. One present actor.invoked_by in the second row of
// a batch of 7, say, turns the five absent ones after it into empty
// strings.
//
// The batches are the rows of a GenericWriter.Write call for leaves reached
// through value structs (actor.invoked_by, cloud.region, status_code…), and
// a list's elements after the first for leaves of list elements
// (resources[].uid). Leaves behind a pointer (actor.user.name) are written
// one row at a time, which cannot be misread. So PartFile cuts its Write
// batches where a stretched run would start (cut), which puts that run at
// bit 0 of the next batch, and shreds a row whose list would be misread
// (misreadList) with Schema.Deconstruct, which decides nullness value by
// value. Both are rare: ingesting the shared CloudTrail corpus with spills
// of 7 and 50 rows cut 7 of 710 batches, BenchmarkPartFileCloudTrail's
// 20,000 rows 2 of 79, and neither had a list to shred. Shredding every
// row with Deconstruct instead made that benchmark five times slower;
// writing one row per Write call, four times, and lists stay misread.
type nullGuard struct {
	scalars []optionalScalar
	lists   []structList
}

// optionalScalar is an optional value-typed leaf at offset from the start
// of a row (or a list element).
type optionalScalar struct {
	offset uintptr
	typ    reflect.Type
}

func (s optionalScalar) present(base unsafe.Pointer) bool {
	p := unsafe.Add(base, s.offset)
	switch s.typ.Kind() {
	case reflect.String:
		return *(*string)(p) != ""
	case reflect.Int32:
		return *(*int32)(p) != 0
	case reflect.Int64:
		return *(*int64)(p) != 0
	}
	return !reflect.NewAt(s.typ, p).Elem().IsZero()
}

// structList is a list of structs at offset whose elements have optional
// scalars.
type structList struct {
	offset   uintptr
	elemSize uintptr
	scalars  []optionalScalar
}

// newNullGuard finds the optional scalars of row type t that parquet-go
// shreds in batches.
func newNullGuard(t reflect.Type) nullGuard {
	var g nullGuard
	g.walk(t, 0)
	return g
}

func (g *nullGuard) walk(t reflect.Type, base uintptr) {
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("parquet"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		options := strings.Split(opts, ",")
		switch k := f.Type.Kind(); {
		case k == reflect.Pointer, k == reflect.Map, k == reflect.Interface:
			// Written one row at a time, or not a scalar. A list behind a
			// pointer would still be batched: no row type has one, and
			// TestPartFileKeepsNullsOfEveryOptionalLeaf would show it.
		case k == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct:
			if elem := newNullGuard(f.Type.Elem()); len(elem.scalars) > 0 {
				g.lists = append(g.lists, structList{offset: base + f.Offset, elemSize: f.Type.Elem().Size(), scalars: elem.scalars})
			}
		case k == reflect.Slice:
			// Lists of scalars: their elements are required.
		case k == reflect.Struct:
			// Never null in the bitmap, even if optional: its leaves are
			// shredded in the same batch.
			g.walk(f.Type, base+f.Offset)
		case slices.Contains(options, "optional"):
			g.scalars = append(g.scalars, optionalScalar{offset: base + f.Offset, typ: f.Type})
		}
	}
}

// cut is the length of the longest prefix of rows that parquet-go writes
// without misreading, at least 1. Cutting a batch short can make its new
// last word misread where the whole was not, hence the loop.
func cut[T any](g *nullGuard, rows []T) int {
	n := len(rows)
	for {
		at := misreadAt(g.scalars, unsafe.Pointer(unsafe.SliceData(rows)), unsafe.Sizeof(rows[0]), n)
		if at < 0 {
			return n
		}
		n = at
	}
}

// misreadList tells whether parquet-go would misread a list of the row.
func (g *nullGuard) misreadList(row unsafe.Pointer) bool {
	for _, l := range g.lists {
		// Only the slice's pointer and length are read.
		elems := *(*[]byte)(unsafe.Add(row, l.offset))
		// The first element is written alone; the rest are one batch.
		if n := len(elems) - 1; n > 2 && misreadAt(l.scalars, unsafe.Add(unsafe.Pointer(unsafe.SliceData(elems)), l.elemSize), l.elemSize, n) >= 0 {
			return true
		}
	}
	return false
}

// misreadAt is the first of n values, stride bytes apart from base, at
// which parquet-go would stretch a present run of one of the scalars over
// absent values, or -1.
func misreadAt(scalars []optionalScalar, base unsafe.Pointer, stride uintptr, n int) int {
	first := -1
	words := make([]uint64, (n+63)/64)
	for _, s := range scalars {
		clear(words)
		for i := range n {
			if s.present(unsafe.Add(base, uintptr(i)*stride)) {
				words[i/64] |= 1 << (i % 64)
			}
		}
		for w, word := range words {
			// Present runs that start after an absent value, bit 0 aside:
			// parquet-go starts a run at bit 0 without the faulty test.
			starts := word &^ (word << 1) &^ 1
			for ; starts != 0; starts &= starts - 1 {
				y := bits.TrailingZeros64(starts)
				if word>>y == 1<<y-1 && 2*y < 64 && w*64+2*y < n {
					if at := w*64 + y; first < 0 || at < first {
						first = at
					}
					break
				}
			}
		}
	}
	return first
}
