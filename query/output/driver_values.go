package output

import (
	"database/sql/driver"
	"math/big"
	"reflect"
	"sync"
)

// The DuckDB driver returns a few values of its own types (Decimal, Interval,
// Union, OrderedMap). Only the engine package may import DuckDB, so these are
// recognised by shape: a driver struct converts to a local struct with the
// same exported fields, and OrderedMap is read through its Keys and Values
// methods. The tests run against the real driver, so a change of shape shows.

type decimalValue struct {
	Width uint8
	Scale uint8
	Value *big.Int
}

type intervalValue struct {
	Days   int32
	Months int32
	Micros int64
}

type unionValue struct {
	Value driver.Value
	Tag   string
}

// orderedMap is what *duckdb.OrderedMap offers; keys keep the map's order.
type orderedMap interface {
	Keys() []any
	Values() []any
}

var (
	decimalValueType  = reflect.TypeFor[decimalValue]()
	intervalValueType = reflect.TypeFor[intervalValue]()
	unionValueType    = reflect.TypeFor[unionValue]()
)

// driverShape is what driverValue found a Go type to be.
type driverShape int

const (
	notDriverShape driverShape = iota
	decimalShape
	intervalShape
	unionShape
	orderedMapShape
)

// driverShapes caches driverShape by reflect.Type: asking reflect whether
// types convert costs more than rendering the value.
var driverShapes sync.Map

func shapeOf(typ reflect.Type) driverShape {
	if shape, ok := driverShapes.Load(typ); ok {
		return shape.(driverShape)
	}
	shape := notDriverShape
	switch {
	case typ.Kind() != reflect.Struct:
	case typ.ConvertibleTo(decimalValueType):
		shape = decimalShape
	case typ.ConvertibleTo(intervalValueType):
		shape = intervalShape
	case typ.ConvertibleTo(unionValueType):
		shape = unionShape
	case reflect.PointerTo(typ).Implements(reflect.TypeFor[orderedMap]()):
		// OrderedMap's accessors have pointer receivers.
		shape = orderedMapShape
	}
	driverShapes.Store(typ, shape)
	return shape
}

// driverValue converts a driver struct to its local counterpart
// (decimalValue, intervalValue, unionValue or orderedMap); it returns nil for
// anything else. Fields are read by position, which convertibility
// guarantees to match, since reflect.Value.Convert re-checks the types on
// every call.
func driverValue(v any) any {
	rv := reflect.ValueOf(v)
	switch shapeOf(rv.Type()) {
	case decimalShape:
		value, _ := rv.Field(2).Interface().(*big.Int)
		if value == nil {
			return nil
		}
		return decimalValue{Width: uint8(rv.Field(0).Uint()), Scale: uint8(rv.Field(1).Uint()), Value: value}
	case intervalShape:
		return intervalValue{Days: int32(rv.Field(0).Int()), Months: int32(rv.Field(1).Int()), Micros: rv.Field(2).Int()}
	case unionShape:
		return unionValue{Value: rv.Field(0).Interface(), Tag: rv.Field(1).String()}
	case orderedMapShape:
		ptr := reflect.New(rv.Type())
		ptr.Elem().Set(rv)
		return ptr.Interface().(orderedMap)
	}
	return nil
}
