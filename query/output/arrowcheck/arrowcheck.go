// Package arrowcheck reads Arrow IPC files and streams with a reader
// independent of arrow-go, npm's apache-arrow under node, and compares
// what it reads with lakehunt's JSON output, for the tests of the Arrow
// writer and of 'lakehunt query --format arrow'.
package arrowcheck

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"go/build"
	"math"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
)

//go:embed read_arrow.js
var readScript []byte

// ModulesDir is the node_modules directory holding apache-arrow: under
// $LAKEHUNT_NODE_ARROW, else under $(go env GOPATH)/lakehunt-node-arrow,
// where .ci/install-node-arrow.sh installs it. Without node or the
// package the test is skipped, except in CI, which must run it.
func ModulesDir(t testing.TB) string {
	t.Helper()
	root := os.Getenv("LAKEHUNT_NODE_ARROW")
	if root == "" {
		root = filepath.Join(build.Default.GOPATH, "lakehunt-node-arrow")
	}
	modules := filepath.Join(root, "node_modules")
	_, pkgErr := os.Stat(filepath.Join(modules, "apache-arrow", "package.json"))
	_, nodeErr := exec.LookPath("node")
	if pkgErr == nil && nodeErr == nil {
		return modules
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("node or npm's apache-arrow not found in %s, and CI must run this test (.ci/install-node-arrow.sh installs it)", modules)
	}
	t.Skipf("node or npm's apache-arrow not found in %s; run .ci/install-node-arrow.sh to run this test", modules)
	return ""
}

// Read reads the Arrow file or stream at path with apache-arrow and
// returns its rows as lakehunt's --format json would write them.
func Read(t testing.TB, modules, path string) []byte {
	t.Helper()
	script := filepath.Join(t.TempDir(), "read_arrow.js")
	if err := os.WriteFile(script, readScript, 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command("node", script, modules, path)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node cannot read %s: %v\n%s", path, err, stderr.Bytes())
	}
	return out
}

// Compare reports where got and want, two JSON documents, differ:
// integers must be equal digit for digit, other numbers equal as float32
// (FLOAT columns print their float32 digits in lakehunt's JSON and their
// float64 ones in JavaScript; HUGEINT is a float64 in Arrow).
func Compare(got, want []byte) error {
	g, err := decode(got)
	if err != nil {
		return fmt.Errorf("cannot decode the Arrow reader's rows: %w", err)
	}
	w, err := decode(want)
	if err != nil {
		return fmt.Errorf("cannot decode the JSON output: %w", err)
	}
	return compare("$", g, w)
}

func decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

func compare(at string, got, want any) error {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return fmt.Errorf("%s: got %v, want %v", at, got, want)
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				return fmt.Errorf("%s: no key %q", at, k)
			}
			if err := compare(at+"."+k, gv, wv); err != nil {
				return err
			}
		}
		return nil
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return fmt.Errorf("%s: got %v, want %v", at, got, want)
		}
		for i := range w {
			if err := compare(fmt.Sprintf("%s[%d]", at, i), g[i], w[i]); err != nil {
				return err
			}
		}
		return nil
	case json.Number:
		g, ok := got.(json.Number)
		if !ok || !sameNumber(g, w) {
			return fmt.Errorf("%s: got %v, want %v", at, got, want)
		}
		return nil
	}
	if !reflect.DeepEqual(got, want) {
		return fmt.Errorf("%s: got %#v, want %#v", at, got, want)
	}
	return nil
}

func sameNumber(a, b json.Number) bool {
	ai, aInt := new(big.Int).SetString(string(a), 10)
	bi, bInt := new(big.Int).SetString(string(b), 10)
	if aInt && bInt {
		return ai.Cmp(bi) == 0
	}
	af, errA := a.Float64()
	bf, errB := b.Float64()
	if errA != nil || errB != nil {
		return false
	}
	return af == bf || float32(af) == float32(bf) || math.Abs(af-bf) <= 1e-12*math.Abs(bf)
}
