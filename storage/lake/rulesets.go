package lake

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Ingest rules are recorded by fingerprint under _lakehunt/rules/, one
// file per set of rules, so that the fingerprint each source entry carries
// can be read back as the rules themselves (lake info). A set is recorded
// before the first commit that names it; one recorded by a run that
// committed nothing is harmless.
func rulesDir(root string) string { return filepath.Join(root, metaDir, "rules") }

// RecordRules records a set of ingest rules (their texts, one a line)
// under its fingerprint, unless it is recorded already.
func (w *Writer) RecordRules(fingerprint string, rules []string) error {
	if fingerprint == "" || strings.ContainsAny(fingerprint, `/\.`) {
		return fmt.Errorf("cannot record ingest rules: bad fingerprint %q", fingerprint)
	}
	path := filepath.Join(rulesDir(w.Root), fingerprint+".rules")
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	if err := os.MkdirAll(rulesDir(w.Root), 0o755); err != nil {
		return fmt.Errorf("cannot record ingest rules: %w", err)
	}
	if err := writeFileSync(path, []byte(strings.Join(rules, "\n")+"\n")); err != nil {
		return fmt.Errorf("cannot record ingest rules: %w", err)
	}
	return nil
}

// ReadRuleSets returns every recorded set of ingest rules by fingerprint.
func ReadRuleSets(root string) (map[string][]string, error) {
	entries, err := os.ReadDir(rulesDir(root))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read ingest rules: %w", err)
	}
	sets := map[string][]string{}
	for _, e := range entries {
		fingerprint, ok := strings.CutSuffix(e.Name(), ".rules")
		if !ok || isTempName(e.Name()) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(rulesDir(root), e.Name()))
		if err != nil {
			return nil, fmt.Errorf("cannot read ingest rules: %w", err)
		}
		sets[fingerprint] = strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	}
	return sets, nil
}
