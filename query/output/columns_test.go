package output

import (
	"testing"

	"github.com/lakehunt/lakehunt/engine/result"
)

// TestColumnTypesFromDuckDB checks that the type names the driver gives the
// columns of the test queries parse, and render back as they came.
func TestColumnTypesFromDuckDB(t *testing.T) {
	db := openDuckDB(t)
	for _, query := range []string{scalarQuery, nestedQuery, wideQuery} {
		rows := queryRows(t, db, query)
		rows.Close()
		for _, c := range rows.Columns() {
			if _, err := result.ParseType(c.TypeName); err != nil {
				t.Errorf("column %s: %v", c.Name, err)
				continue
			}
			if c.Type.String() != c.TypeName {
				t.Errorf("column %s: type %q renders back as %q", c.Name, c.TypeName, c.Type)
			}
		}
	}
}
