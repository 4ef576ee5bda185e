package output

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/storage/golden"
)

// wideQuery has 24 columns of realistic OCSF-like names and values.
const wideQuery = `SELECT
  TIMESTAMP '2024-03-05 10:00:00' + INTERVAL (i) MINUTE AS time,
  'AWS API Activity' AS class_name, 6003 AS class_uid, 'Create' AS activity_name, 1 AS activity_id,
  1 AS severity_id, 'Success' AS status, 'arn:aws:iam::123456789012:user/alice-' || i AS actor_user_uid,
  'alice-' || i AS actor_user_name, 'IAMUser' AS actor_user_type, '203.0.113.' || i AS src_endpoint_ip,
  'aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0 exe/x86_64.ubuntu.22' AS http_request_user_agent,
  'iam.amazonaws.com' AS api_service_name, 'CreateAccessKey' AS api_operation, 'us-east-1' AS cloud_region,
  '123456789012' AS cloud_account_uid, i * 1000 AS traffic_bytes, i AS traffic_packets, 443 AS dst_port,
  6 AS protocol_num, 'ACCEPT' AS action, 'ok' AS disposition, NULL AS unmapped, 'evt-' || i AS metadata_uid
FROM range(1, 4) r(i)`

func TestWriteTableGolden(t *testing.T) {
	db := openDuckDB(t)
	f := func(name, query string, opt Options) {
		t.Helper()
		opt.Format = Table
		got, _ := writeQuery(t, db, query, opt)
		if opt.Width > 0 {
			for line := range strings.Lines(string(got)) {
				if w := displayWidth(strings.TrimSuffix(line, "\n")); w > opt.Width {
					t.Errorf("%s: line is %d cells wide, over the width %d: %q", name, w, opt.Width, line)
				}
			}
		}
		golden.Check(t, filepath.Join("testdata", name), got)
	}
	f("scalars_unlimited.txt", scalarQuery, Options{})
	f("scalars_w100.txt", scalarQuery, Options{Width: 100})
	f("nested_w80.txt", nestedQuery, Options{Width: 80})
	f("wide_w120.txt", wideQuery, Options{Width: 120})
	f("wide_w60.txt", wideQuery, Options{Width: 60})
	f("narrow_w12.txt", "SELECT 'a rather long value' AS long_column_name, 1 AS b", Options{Width: 12})
	f("cut_rows.txt", "SELECT range AS n, 'row ' || range AS label FROM range(12)", Options{MaxRows: 5})
	f("empty.txt", "SELECT 1 AS a, 'x' AS b WHERE false", Options{Width: 80})
	f("one_row.txt", "SELECT 42 AS answer", Options{Width: 80})
}

func TestWriteTableCountsAllRows(t *testing.T) {
	db := openDuckDB(t)
	f := func(total, maxRows int, wantFooter string) {
		t.Helper()
		out, n := writeQuery(t, db, fmt.Sprintf("SELECT range AS n FROM range(%d)", total), Options{Format: Table, MaxRows: maxRows})
		if n != int64(total) {
			t.Errorf("Write returned %d rows, want %d", n, total)
		}
		lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
		if footer := lines[len(lines)-1]; footer != wantFooter {
			t.Errorf("footer %q, want %q", footer, wantFooter)
		}
		shown := strings.Count(string(out), "│\n") - 1 // minus the header line
		limit := maxRows
		if limit == 0 {
			limit = DefaultMaxRows
		}
		if want := min(total, limit); shown != want {
			t.Errorf("%d rows drawn, want %d", shown, want)
		}
	}
	f(0, 0, "0 rows")
	f(1, 0, "1 row")
	f(5, 5, "5 rows")
	f(6, 5, "6 rows (showing 5 of 6 rows)")
	f(2500, 0, fmt.Sprintf("2500 rows (showing %d of 2500 rows)", DefaultMaxRows))
}

func TestWriteTableEscapesControlCharacters(t *testing.T) {
	db := openDuckDB(t)
	out, _ := writeQuery(t, db, `SELECT chr(27) || '[2J' || chr(10) || 'x' || chr(8238) || 'txt.exe' || chr(9) AS ua, '\x07'::BLOB AS b`, Options{Format: Table, Width: 80})
	for _, r := range string(out) {
		if r != '\n' && (r < 0x20 || r == 0x7f || r == '\u202e') {
			t.Fatalf("output holds control character %U:\n%s", r, out)
		}
	}
	if !strings.Contains(string(out), `\x1b[2J\nx\u202etxt.exe\t`) || !strings.Contains(string(out), `\x07`) {
		t.Errorf("escapes missing:\n%s", out)
	}
}
