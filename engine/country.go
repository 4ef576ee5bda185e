package engine

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/lakehunt/lakehunt/query/geo"
)

// countryFunction is lh_country(ip VARCHAR) → VARCHAR: the ISO country
// code the built-in table (package geo) gives an address, NULL where it
// gives none, so hunts can group and compare logins by country offline.
type countryFunction struct{}

func (countryFunction) Config() duckdb.ScalarFuncConfig {
	varchar, _ := duckdb.NewTypeInfo(duckdb.TYPE_VARCHAR)
	return duckdb.ScalarFuncConfig{InputTypeInfos: []duckdb.TypeInfo{varchar}, ResultTypeInfo: varchar}
}

func (countryFunction) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{RowExecutor: func(values []driver.Value) (any, error) {
		ip, _ := values[0].(string)
		if code := geo.Country(ip); code != "" {
			return code, nil
		}
		return nil, nil
	}}
}

// registerFunctions adds lakehunt's Go functions to DuckDB's catalog,
// where every connection of the pool finds them.
func registerFunctions(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("cannot register lh_country: %w", err)
	}
	defer conn.Close()
	if err := duckdb.RegisterScalarUDF(conn, "lh_country", countryFunction{}); err != nil {
		return fmt.Errorf("cannot register lh_country: %w", err)
	}
	return nil
}
