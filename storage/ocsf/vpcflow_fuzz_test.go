package ocsf

import (
	"strings"
	"testing"
)

// FuzzMapFlow feeds arbitrary space-separated fields, in AWS's version order,
// to MapFlow: it must never panic, and a record it accepts must keep the
// invariants every row of the lake relies on.
func FuzzMapFlow(f *testing.F) {
	f.Add(flowV5Line)
	f.Add("2 111122223333 eni-0a1b2c3d4e5f60718 - - - - - - - 1709633700 1709633760 - NODATA")
	f.Add("2 1 eni-1 2001:db8::1 2001:db8::2 0 0 58 1 1 0 0 ACCEPT OK - - - - IPv6 10.0.0.1 - - - - - - - egress 9")
	f.Fuzz(func(t *testing.T, line string) {
		var record FlowFields
		for i, token := range strings.Split(line, " ") {
			if i == int(NumFlowFields) {
				break
			}
			record[i] = token
		}
		e, meta, err := MapFlow(&record, FlowDefaults{Region: "us-east-1"})
		if err != nil {
			return
		}
		if e.Time%1000 != 0 || e.Time < 0 || e.TimeDt != e.Time || e.StartTimeDt != e.Time {
			t.Errorf("time %d time_dt %d start_time_dt %d", e.Time, e.TimeDt, e.StartTimeDt)
		}
		if e.TypeUID != 400100+int64(e.ActivityID) {
			t.Errorf("type_uid %d for activity %d", e.TypeUID, e.ActivityID)
		}
		if meta.Region == "" || e.Cloud.Region != meta.Region {
			t.Errorf("cloud.region %q, meta %+v", e.Cloud.Region, meta)
		}
		if p := e.SrcEndpoint.Port; p != nil && (*p < 0 || *p > 65535) {
			t.Errorf("src port %d", *p)
		}
	})
}
