package s3

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/lakehunt/lakehunt/storage/golden"
	"github.com/lakehunt/lakehunt/storage/lake"
)

func TestAthenaDDL(t *testing.T) {
	root := buildLake(t)
	opt, err := AthenaDefaults(root, AthenaOptions{Location: "s3://team-lake/hunt", Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(opt.Regions, []string{"eu-west-1", "us-east-1", "us-west-2"}) || !slices.Equal(opt.Accounts, []string{"111122223333", "444455556666"}) ||
		opt.FirstDay.Format("20060102") != "20240304" {
		t.Errorf("projection values from the lake: regions %v, accounts %v, first day %s", opt.Regions, opt.Accounts, opt.FirstDay)
	}
	var out bytes.Buffer
	if err := WriteAthenaDDL(&out, opt); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "athena_ddl.golden"), out.Bytes())

	// The columns are those of the files the lake writes, whatever the row
	// types say: read one written file of each table back.
	for _, tbl := range lake.Tables {
		files, _, err := lake.ListFiles(root, tbl, opt.FirstDay, opt.FirstDay.AddDate(1, 0, 0))
		if err != nil || len(files) == 0 {
			t.Fatalf("no data file of %s: %v", tbl.Source, err)
		}
		f, err := os.Open(files[0])
		if err != nil {
			t.Fatal(err)
		}
		info, _ := f.Stat()
		pf, err := parquet.OpenFile(f, info.Size())
		if err != nil {
			t.Fatal(err)
		}
		for _, col := range pf.Schema().Fields() {
			line := "  `" + col.Name() + "` " + hiveType(col)
			if !strings.Contains(out.String(), line) {
				t.Errorf("%s: written column %q (%s) is not in the DDL", tbl.Source, col.Name(), hiveType(col))
			}
		}
		if n := len(pf.Schema().Fields()); n != len(tbl.Schema().Fields()) {
			t.Errorf("%s: written files have %d columns, the DDL %d", tbl.Source, n, len(tbl.Schema().Fields()))
		}
		f.Close()
	}

	f := func(opt AthenaOptions, wantErr string) {
		t.Helper()
		if err := WriteAthenaDDL(&bytes.Buffer{}, opt); err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("WriteAthenaDDL(%+v) error %v, want %q", opt, err, wantErr)
		}
	}
	f(AthenaOptions{Location: "s3://team-lake/", Region: "us-east-1"}, "the lake is empty")
	f(AthenaOptions{Location: "/local", Region: "us-east-1"}, "invalid S3 URI")
	bad := opt
	bad.Accounts = []string{"1111', 'x"}
	f(bad, "invalid projection value")
	bad = opt
	bad.Database = "db; DROP TABLE x"
	f(bad, "invalid Glue database name")
}
