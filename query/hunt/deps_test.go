package hunt

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDoesNotLinkDuckDB keeps DuckDB, and its cgo link, out of the hunt
// runner and what it imports (the result model, the writers, the time
// flags): the engine reaches it only through the Querier. Its tests link
// the engine; the package itself must not.
func TestDoesNotLinkDuckDB(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list the dependencies with")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	for dep := range strings.Lines(string(out)) {
		if strings.Contains(strings.ToLower(dep), "duckdb") {
			t.Errorf("query/hunt depends on %s", strings.TrimSpace(dep))
		}
	}
}
