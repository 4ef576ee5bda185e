package hunt

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/lakehunt/lakehunt/query/hunts"
)

// Pack is a set of hunts with unique ids, sorted by id.
type Pack struct {
	Hunts []*Hunt
}

// LoadFS parses every *.sql file at the root of fsys. origin prefixes file
// names in messages. A file's name must be its hunt id plus ".sql". All
// problems are reported together, each naming its file.
func LoadFS(fsys fs.FS, origin string) (*Pack, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("cannot list hunts in %s: %w", origin, err)
	}
	p := &Pack{}
	var errs []error
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".sql" {
			continue
		}
		name := path.Join(origin, e.Name())
		text, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			errs = append(errs, fmt.Errorf("cannot read %s: %w", name, err))
			continue
		}
		h, err := Parse(name, text)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if want := strings.TrimSuffix(e.Name(), ".sql"); h.ID != want {
			errs = append(errs, fmt.Errorf("%s: id %s does not match the file name (want %s)", name, h.ID, want))
			continue
		}
		p.Hunts = append(p.Hunts, h)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sortByID(p.Hunts)
	return p, nil
}

// Builtin loads the pack embedded in the binary.
func Builtin() (*Pack, error) {
	return LoadFS(hunts.FS, "query/hunts")
}

// LoadDir loads hunts from a directory.
func LoadDir(dir string) (*Pack, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot read hunts directory: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	return LoadFS(os.DirFS(dir), dir)
}

// Load returns the built-in pack with the hunts of each directory added;
// a hunt whose id is already present replaces it.
func Load(dirs ...string) (*Pack, error) {
	p, err := Builtin()
	if err != nil {
		return nil, err
	}
	for _, dir := range dirs {
		extra, err := LoadDir(dir)
		if err != nil {
			return nil, err
		}
		p.override(extra.Hunts)
	}
	return p, nil
}

func (p *Pack) override(hs []*Hunt) {
	byID := map[string]int{}
	for i, h := range p.Hunts {
		byID[h.ID] = i
	}
	for _, h := range hs {
		if i, ok := byID[h.ID]; ok {
			p.Hunts[i] = h
		} else {
			p.Hunts = append(p.Hunts, h)
		}
	}
	sortByID(p.Hunts)
}

func sortByID(hs []*Hunt) {
	sort.Slice(hs, func(i, j int) bool { return hs[i].ID < hs[j].ID })
}

// Get returns the hunt with the id.
func (p *Pack) Get(id string) (*Hunt, bool) {
	i, ok := slices.BinarySearchFunc(p.Hunts, id, func(h *Hunt, id string) int { return strings.Compare(h.ID, id) })
	if !ok {
		return nil, false
	}
	return p.Hunts[i], true
}

// Filter narrows a selection; zero fields do not filter.
type Filter struct {
	Tags        []string // any of them
	MinSeverity Severity
	Source      Source // hunts reading this source (both counts for either)
}

func (f Filter) match(h *Hunt) bool {
	if h.Severity < f.MinSeverity {
		return false
	}
	if f.Source != "" && !h.Reads(f.Source) {
		return false
	}
	if len(f.Tags) == 0 {
		return true
	}
	for _, t := range f.Tags {
		if h.HasTag(t) {
			return true
		}
	}
	return false
}

// Select returns the hunts named by ids (all hunts when ids is empty) that
// pass the filter, in id order. An unknown id is an error.
func (p *Pack) Select(ids []string, f Filter) ([]*Hunt, error) {
	var base []*Hunt
	if len(ids) == 0 {
		base = p.Hunts
	} else {
		var unknown []string
		seen := map[string]bool{}
		for _, id := range ids {
			h, ok := p.Get(id)
			if !ok {
				unknown = append(unknown, id)
				continue
			}
			if !seen[id] {
				seen[id] = true
				base = append(base, h)
			}
		}
		if len(unknown) > 0 {
			return nil, fmt.Errorf("unknown hunt %s (see 'lakehunt hunt list')", strings.Join(unknown, ", "))
		}
		sortByID(base)
	}
	var out []*Hunt
	for _, h := range base {
		if f.match(h) {
			out = append(out, h)
		}
	}
	return out, nil
}
