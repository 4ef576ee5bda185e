package incident

import (
	"slices"
	"time"
)

// slot is the latest group of findings that carried a key or prefix, and
// when the last of them ended.
type slot struct {
	member int
	last   time.Time
}

// groups is a union-find over findings that also keeps each group's
// principals.
type groups struct {
	parent     []int
	principals []set // by root
}

func (g *groups) find(i int) int {
	for g.parent[i] != i {
		g.parent[i] = g.parent[g.parent[i]]
		i = g.parent[i]
	}
	return i
}

func (g *groups) union(a, b int) {
	ra, rb := g.find(a), g.find(b)
	if ra == rb {
		return
	}
	root, other := min(ra, rb), max(ra, rb)
	g.parent[other] = root
	for _, p := range g.principals[other] {
		g.principals[root].add(p)
	}
	g.principals[other] = nil
}

// samePrincipal reports whether a prefix may join the groups of a and b:
// one of them has no principal, or they share one.
func (g *groups) samePrincipal(a, b int) bool {
	pa, pb := g.principals[g.find(a)], g.principals[g.find(b)]
	return len(pa) == 0 || len(pb) == 0 || slices.ContainsFunc(pa, func(p string) bool { return slices.Contains(pb, p) })
}

// groupFindings splits findings, ordered by first time, into incidents:
// single linkage within gap. A finding joins every group whose latest
// finding sharing one of its keys ended at most gap before it began;
// groups it joins become one.
//
// A network prefix links more weakly than a key: a /24 may be one office's
// or one cloud provider's egress, used by unrelated people. It joins two
// groups only when the same principal is behind both, or one of them has
// none (a flow scan from the network the intruder's calls come from).
func groupFindings(ds []*described, gap time.Duration) [][]*described {
	g := &groups{parent: make([]int, len(ds)), principals: make([]set, len(ds))}
	for i, d := range ds {
		g.parent[i] = i
		g.principals[i] = slices.Clone(d.principalKeys)
	}
	byKey := map[string]*slot{}
	byPrefix := map[string][]*slot{}
	for i, d := range ds {
		first, last := d.finding.FirstTime, d.finding.LastTime
		near := func(s *slot) bool { return s != nil && !first.After(s.last.Add(gap)) }
		for _, k := range d.keys {
			if s := byKey[k]; near(s) {
				g.union(i, s.member)
			}
		}
		for _, p := range d.prefixes {
			byPrefix[p] = slices.DeleteFunc(byPrefix[p], func(s *slot) bool { return !near(s) })
			for _, s := range byPrefix[p] {
				if g.samePrincipal(i, s.member) {
					g.union(i, s.member)
				}
			}
		}
		for _, k := range d.keys {
			if s := byKey[k]; near(s) {
				s.last = later(s.last, last)
			} else {
				byKey[k] = &slot{member: i, last: last}
			}
		}
		for _, p := range d.prefixes {
			if s := slotOf(byPrefix[p], g, i); s != nil {
				s.last = later(s.last, last)
			} else {
				byPrefix[p] = append(byPrefix[p], &slot{member: i, last: last})
			}
		}
	}
	members := map[int][]*described{}
	var roots []int
	for i, d := range ds {
		r := g.find(i)
		if members[r] == nil {
			roots = append(roots, r)
		}
		members[r] = append(members[r], d)
	}
	out := make([][]*described, len(roots))
	for i, r := range roots {
		out[i] = members[r]
	}
	return out
}

// slotOf is the slot of i's group among a prefix's slots, if any.
func slotOf(slots []*slot, g *groups, i int) *slot {
	root := g.find(i)
	for _, s := range slots {
		if g.find(s.member) == root {
			return s
		}
	}
	return nil
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
