package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
	"github.com/lakehunt/lakehunt/storage/source"
)

// invokedByOfCorpus tells, by eventID, whether the corpus's record has a
// userIdentity.invokedBy. The corpus reuses eventIDs ("1", and one event
// with and without invokedBy in two of Panther's files): an id whose
// records disagree is left out.
func invokedByOfCorpus(t *testing.T, corpus string) map[string]bool {
	t.Helper()
	sources, _, err := source.Expand(source.CloudTrail, []string{corpus}, nil)
	if err != nil {
		t.Fatal(err)
	}
	invoked, disagree := map[string]bool{}, map[string]bool{}
	for _, src := range sources {
		r, err := src.Open()
		if err != nil {
			t.Fatal(err)
		}
		err = source.DecodeCloudTrail(r, func(rec source.RawRecord) error {
			var fields struct {
				EventID      string `json:"eventID"`
				UserIdentity struct {
					InvokedBy *string `json:"invokedBy"`
				} `json:"userIdentity"`
			}
			if json.Unmarshal(rec.Data, &fields) != nil || fields.EventID == "" {
				return nil
			}
			has := fields.UserIdentity.InvokedBy != nil
			if seen, ok := invoked[fields.EventID]; ok && seen != has {
				disagree[fields.EventID] = true
			}
			invoked[fields.EventID] = has
			return nil
		})
		r.Close()
		if err != nil {
			t.Fatalf("cannot decode %s: %v", src.Name, err)
		}
	}
	for id := range disagree {
		delete(invoked, id)
	}
	return invoked
}

// checkOptionalStrings reads a data file's rows as Parquet values and
// reports optional string columns that hold empty strings (a row type's
// empty string is written as null, so one in the lake is a value the
// record never had), and actor.invoked_by present where the record has no
// invokedBy. It returns the number of rows.
func checkOptionalStrings(t *testing.T, file string, invoked map[string]bool) (rows int) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	schema := pf.Schema()
	type column struct {
		name          string
		maxDefinition int
		optional      bool
	}
	columns := make([]column, len(schema.Columns()))
	for i, path := range schema.Columns() {
		leaf, _ := schema.Lookup(path...)
		columns[i] = column{name: strings.Join(path, "."), maxDefinition: leaf.MaxDefinitionLevel,
			// unmapped keeps the record's own "" values.
			optional: leaf.Node.Optional() && leaf.Node.Type().Kind() == parquet.ByteArray && path[0] != "unmapped"}
	}
	uid, _ := schema.Lookup("metadata", "uid")
	invokedBy, _ := schema.Lookup("actor", "invoked_by")
	empty := map[string]int{}
	buf := make([]parquet.Row, 64)
	for _, rg := range pf.RowGroups() {
		reader := rg.Rows()
		for {
			n, err := reader.ReadRows(buf)
			for _, row := range buf[:n] {
				rows++
				var eventID string
				var hasInvokedBy bool
				for _, v := range row {
					c := columns[v.Column()]
					if v.DefinitionLevel() != c.maxDefinition {
						continue
					}
					if c.optional && len(v.ByteArray()) == 0 {
						empty[c.name]++
					}
					switch v.Column() {
					case uid.ColumnIndex:
						eventID = v.String()
					case invokedBy.ColumnIndex:
						hasInvokedBy = true
					}
				}
				if has, known := invoked[eventID]; known && has != hasInvokedBy {
					t.Errorf("%s: event %s has actor.invoked_by %v, its record has invokedBy %v", file, eventID, hasInvokedBy, has)
				}
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		reader.Close()
	}
	for name, n := range empty {
		t.Errorf("%s: %s holds '' in %d rows", file, name, n)
	}
	return rows
}

// Ingesting the shared corpus leaves optional string columns null where the
// record has nothing for them, whatever the workers and spill sizes: where
// a run cut parquet-go's write batches once decided which absent values it
// wrote as empty strings (see lake's nullGuard).
func TestCorpusOptionalStringsStayNull(t *testing.T) {
	corpus := sharedcorpus.Dir(t, "corpus", "cloudtrail")
	invoked := invokedByOfCorpus(t, corpus)
	withInvokedBy := 0
	for _, has := range invoked {
		if has {
			withInvokedBy++
		}
	}
	if withInvokedBy == 0 || withInvokedBy == len(invoked) {
		t.Fatalf("%d of the corpus's %d events have invokedBy: nothing to tell nulls from values", withInvokedBy, len(invoked))
	}
	f := func(t *testing.T, workers, batchRows int) {
		root := t.TempDir()
		opt := CloudTrailOptions(time.Now())
		opt.Workers, opt.BatchRows = workers, batchRows
		s := runCloudTrail(t, root, opt, corpus)
		rows := 0
		for _, table := range lake.CloudTrailAll.Tables {
			files, _, err := lake.ListFiles(root, table, time.Time{}, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			for _, file := range files {
				rows += checkOptionalStrings(t, file, invoked)
			}
		}
		if int64(rows) != s.Events {
			t.Fatalf("checked %d rows, ingested %d", rows, s.Events)
		}
	}
	for _, c := range []struct{ workers, batchRows int }{{1, 0}, {2, 7}, {3, 50}} {
		t.Run(fmt.Sprintf("workers=%d,batch=%d", c.workers, c.batchRows), func(t *testing.T) { f(t, c.workers, c.batchRows) })
	}
}
