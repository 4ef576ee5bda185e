package result

import (
	"database/sql"
	"fmt"
	"time"
)

// scanValue stores v in dest. The conversions are database/sql's own,
// reached through sql.Null, so Scan behaves as it did on *sql.Rows.
func scanValue(dest, v any) error {
	switch d := dest.(type) {
	case *any:
		*d = v
		return nil
	case sql.Scanner:
		return d.Scan(v)
	}
	if v == nil {
		return fmt.Errorf("cannot store NULL in %T", dest)
	}
	switch d := dest.(type) {
	case *string:
		return assign(d, v)
	case *[]byte:
		return assign(d, v)
	case *bool:
		return assign(d, v)
	case *int:
		return assign(d, v)
	case *int32:
		return assign(d, v)
	case *int64:
		return assign(d, v)
	case *uint64:
		return assign(d, v)
	case *float64:
		return assign(d, v)
	case *time.Time:
		return assign(d, v)
	}
	return fmt.Errorf("cannot store %T in %T", v, dest)
}

func assign[T any](dest *T, v any) error {
	var n sql.Null[T]
	if err := n.Scan(v); err != nil {
		return err
	}
	*dest = n.V
	return nil
}
