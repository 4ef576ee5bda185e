package hunt

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
	"github.com/lakehunt/lakehunt/storage/testlake"
)

func TestBindTypesEveryValueAndKeepsItOutOfTheText(t *testing.T) {
	h, err := Parse("bind.sql", []byte(`-- id: bind
-- title: t
-- description: d
-- severity: low
-- tactics: TA0007
-- techniques: T1087
-- source: cloudtrail
-- logic: filter
-- covers: -
-- param: n:int=5
-- param: name:string=alice
-- param: span:duration=10m
-- param: ips:strings=1.2.3.4, 5.6.7.8
-- param: ports:ints=22,3389
-- param: ratio:float=0.5
-- param: on:bool=true
SELECT $n, $name, $span, $ips, $ports, $ratio, $on, $n FROM cloudtrail WHERE time_dt >= $window_start AND time_dt < $window_end`))
	if err != nil {
		t.Fatal(err)
	}
	w := Window{Start: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC), End: time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC)}
	b, err := h.Bind(w, w.End, map[string]string{"name": "x' OR '1'='1"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.SQL, "$") || strings.Contains(b.SQL, "alice") || strings.Contains(b.SQL, "OR '1'") {
		t.Errorf("bound SQL still holds names or values:\n%s", b.SQL)
	}
	want := []any{int64(5), "x' OR '1'='1", "600 seconds", `["1.2.3.4","5.6.7.8"]`, "[22,3389]", 0.5, true, int64(5),
		"2024-03-05 00:00:00+00", "2024-03-06 00:00:00+00"}
	if len(b.Args) != len(want) {
		t.Fatalf("args %v, want %v", b.Args, want)
	}
	for i := range want {
		if b.Args[i] != want[i] {
			t.Errorf("arg %d = %#v, want %#v", i, b.Args[i], want[i])
		}
	}
	if n := strings.Count(b.SQL, "?"); n != len(want) {
		t.Errorf("%d placeholders for %d args", n, len(want))
	}
	if _, err := h.Bind(w, w.End, map[string]string{"n": "5; DROP TABLE x"}); err == nil || !strings.Contains(err.Error(), "not an integer") {
		t.Errorf("a non-integer int parameter binds: %v", err)
	}
}

// A parameter value written to break out of a string literal reaches DuckDB
// as data: the hunt compares against it and finds nothing, where pasting it
// into the SQL would have matched every event.
func TestParameterValuesCannotInjectSQL(t *testing.T) {
	h, err := Parse("inject.sql", []byte(`-- id: inject
-- title: t
-- description: d
-- severity: low
-- tactics: TA0007
-- techniques: T1087
-- source: cloudtrail
-- logic: filter
-- covers: -
-- param: operation:string=StopLogging
-- param: names:strings=alice
SELECT min(time_dt) AS first_time, max(time_dt) AS last_time, accountid AS account, region,
       actor.user.name AS actor, src_endpoint.ip AS src_ip, api.operation AS summary, count(*) AS event_count,
       list(metadata.uid) AS evidence_uids, count(*) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.operation = $operation AND list_contains($names, actor.user.name)
GROUP BY ALL`))
	if err != nil {
		t.Fatal(err)
	}
	dir := sharedcorpus.ModuleRoot(t) + "/testdata/hunts/cloudtrail_logging_stopped"
	e := openEngine(t, testlake.Build(t, dir+"/fire.json", dir+"/quiet.json"), []*Hunt{h}, goldenWindow)
	f := func(params map[string]string, want int) {
		t.Helper()
		got, sum := RunOne(context.Background(), e, h, RunOptions{Window: goldenWindow, Params: params})
		if sum.Err != nil {
			t.Fatalf("%v: %v", params, sum.Err)
		}
		if len(got) != want {
			t.Errorf("%v: %d findings, want %d", params, len(got), want)
		}
	}
	f(nil, 1)
	f(map[string]string{"operation": "x' OR '1'='1"}, 0)
	f(map[string]string{"operation": "StopLogging' OR 1=1; --"}, 0)
	f(map[string]string{"names": `alice"]') OR true OR ('["x`}, 0)
	f(map[string]string{"names": "mallory, alice"}, 2)
}
