package engine

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestCache checks that a cached view answers as the Parquet view does,
// window included, and that its rows come from the sorted copy.
func TestCache(t *testing.T) {
	plain := openSmallLake(t, Options{})
	from := time.Date(2024, 3, 4, 23, 17, 23, 456e6, time.UTC)
	to := time.Date(2024, 3, 7, 2, 17, 23, 456e6, time.UTC)
	f := func(opt Options) {
		t.Helper()
		opt.Lake = plain.opt.Lake
		cached := openSmallLake(t, opt)
		window := openSmallLake(t, Options{Lake: plain.opt.Lake, From: opt.From, To: opt.To})
		for _, q := range []string{
			`SELECT metadata.uid, api.operation, actor.user.name, unmapped FROM cloudtrail ORDER BY 1`,
			`SELECT count(*), count(DISTINCT accountid), min(eventday) FROM cloudtrail_all`,
			`SELECT metadata.uid FROM cloudtrail WHERE api.operation = 'ConsoleLogin' ORDER BY 1`,
		} {
			if got, want := queryStrings(t, cached, q), queryStrings(t, window, q); !reflect.DeepEqual(got, want) {
				t.Errorf("%s\ncached: %q\nParquet: %q", q, got, want)
			}
		}
		// A query the copy's statistics cannot answer: a checkpointed copy
		// answers count(*), and a filter on a value outside its bounds, alone.
		plan := strings.Join(queryStrings(t, cached, `EXPLAIN SELECT metadata.uid FROM cloudtrail WHERE actor.user.name LIKE '%a%'`), "\n")
		if strings.Contains(plan, "READ_PARQUET") || !strings.Contains(plan, "lh_cache") && !strings.Contains(plan, "SEQ_SCAN") {
			t.Errorf("the cached view still reads Parquet:\n%s", plan)
		}
	}
	f(Options{Cache: []string{"cloudtrail"}})
	f(Options{Cache: []string{"cloudtrail", "s3_data"}, From: from, To: to})

	// A copy narrowed to what its statements read: a column left out is
	// absent from its view, not NULL; a map keeps the keys named, each
	// reading as before, and any other key reads NULL.
	keys := queryStrings(t, plain, `SELECT DISTINCT unnest(map_keys(unmapped)) AS k FROM cloudtrail ORDER BY k LIMIT 2`)
	if len(keys) != 2 {
		t.Fatalf("the test lake's unmapped keys: %q", keys)
	}
	narrow := map[string][]string{"observables": nil, "unmapped": {keys[0], keys[1], "absent.key"}}
	slim := openSmallLake(t, Options{Lake: plain.opt.Lake, Cache: []string{"cloudtrail", "s3_data"}, CacheNarrow: narrow})
	for _, q := range []string{
		`SELECT metadata.uid, api.operation, unmapped['` + keys[0] + `'], unmapped['` + keys[1] + `'], unmapped['absent.key'] FROM cloudtrail ORDER BY 1`,
		`SELECT count(*), count(unmapped['` + keys[1] + `']) FROM cloudtrail_all`,
	} {
		if got, want := queryStrings(t, slim, q), queryStrings(t, plain, q); !reflect.DeepEqual(got, want) {
			t.Errorf("%s\nnarrowed copy: %q\nParquet: %q", q, got, want)
		}
	}
	if got, want := queryStrings(t, slim, `SELECT DISTINCT unnest(map_keys(unmapped)) AS k FROM cloudtrail ORDER BY k`), []string{"absent.key", keys[0], keys[1]}; !reflect.DeepEqual(got, want) {
		t.Errorf("the narrowed copy's unmapped has keys %q, want %q", got, want)
	}
	if rows, err := slim.Query(context.Background(), `SELECT observables FROM cloudtrail`); err == nil {
		rows.Close()
		t.Errorf("the copy without observables still has them")
	} else if !strings.Contains(err.Error(), "observables") {
		t.Errorf("reading observables left out: %v", err)
	}
	// A window too large to sort at once is copied in sorted batches, here
	// of one file each.
	defer func(rows int64) { sortRowsPerGB = rows }(sortRowsPerGB)
	sortRowsPerGB = 1
	f(Options{Cache: []string{"cloudtrail"}})
}

func TestSortBatches(t *testing.T) {
	files := []string{"a", "b", "c", "d", "e"}
	f := func(rows []int64, want [][]string) {
		t.Helper()
		if got := sortBatches(files, rows, 100); !reflect.DeepEqual(got, want) {
			t.Fatalf("sortBatches(%d) = %q, want %q", rows, got, want)
		}
	}
	f([]int64{0, 0, 0, 0, 0}, [][]string{files})
	f([]int64{20, 20, 20, 20, 20}, [][]string{files})
	// 101 rows take two batches of about half each, not one of 100 and one of 1.
	f([]int64{20, 20, 21, 20, 20}, [][]string{{"a", "b", "c"}, {"d", "e"}})
	f([]int64{50, 50, 50, 50, 50}, [][]string{{"a", "b"}, {"c"}, {"d", "e"}})
	// A large file is a batch of its own, and the small ones around it are
	// not split for it.
	f([]int64{10, 10, 500, 10, 10}, [][]string{{"a", "b"}, {"c"}, {"d", "e"}})
	// Never more batches than files, nor an empty one.
	f([]int64{10_000, 10_000, 10_000, 10_000, 10_000}, [][]string{{"a"}, {"b"}, {"c"}, {"d"}, {"e"}})
}

func TestSortBatchRows(t *testing.T) {
	f := func(limit string, want int64) {
		t.Helper()
		e := &Engine{opt: Options{MemoryLimit: limit}}
		got, err := e.sortBatchRows()
		if err != nil || got != want {
			t.Fatalf("sortBatchRows at %q = %d, %v; want %d", limit, got, err, want)
		}
	}
	f("", sortRowsPerGB)           // cacheMemory, given to DuckDB whole
	f("2GB", sortRowsPerGB*12/10)  // DuckDB gets 1.2 GB of it
	f("1GB", sortRowsPerGB/2)      // DuckDB gets half
	f("10GB", sortRowsPerGB*75/10) // three quarters
}
