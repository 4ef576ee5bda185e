package ocsf

// OCSF 1.1 observable type ids (object "observable", attribute type_id) that
// lakehunt's mappers emit.
const (
	ObservableIPAddress   int32 = 2
	ObservableUserName    int32 = 4
	ObservableResourceUID int32 = 10
)

var observableTypeNames = map[int32]string{
	ObservableIPAddress:   "IP Address",
	ObservableUserName:    "User Name",
	ObservableResourceUID: "Resource UID",
}

// observables collects a row's observables in the order they are added;
// empty values are skipped so callers can add optional fields unconditionally.
type observables []Observable

func (o *observables) add(name, value string, typeID int32) {
	if value == "" {
		return
	}
	*o = append(*o, Observable{Name: name, Value: value, Type: observableTypeNames[typeID], TypeID: typeID})
}
