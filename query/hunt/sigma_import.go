package hunt

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/lakehunt/lakehunt/engine/sqltext"
)

// SigmaFile is one file of Sigma rules: one YAML document or several
// (a correlation with the rules it refers to, say).
type SigmaFile struct {
	Name string // its path, for messages; its base name names its hunts
	Data []byte
}

// SigmaHunt is a hunt file converted from Sigma rules.
type SigmaHunt struct {
	ID   string
	Text []byte
}

// SigmaOutcome is what became of one document of the files read.
type SigmaOutcome struct {
	File string
	Rule string // the title, or the document's place in the file
	Kind string // detection, correlation or filter
	// Hunt is the hunt the rule became, or for a rule a correlation
	// refers to, the correlation's hunt; for a filter, the first hunt it
	// narrows.
	Hunt    string
	Refusal *SigmaRefusal // nil when converted
}

// SigmaImport is the result of converting a set of files.
type SigmaImport struct {
	Hunts    []SigmaHunt
	Outcomes []SigmaOutcome
}

// ImportSigma converts SigmaHQ-format AWS CloudTrail rules into hunts:
// detection rules into filters (thresholds for the obsolete count()
// aggregation), correlation rules into thresholds and sequences over the
// rules they name, which may be in any of the files. As the correlation
// specification says, the rules a correlation refers to are part of its
// hunt, not hunts of their own, unless it says generate: true. Global
// filters narrow the rules they name. What cannot be converted is refused
// with the reason; the error is for a converted hunt that does not parse,
// a bug of the converter.
func ImportSigma(files []SigmaFile) (*SigmaImport, error) {
	imp := &sigmaImporter{byID: map[string]*sigmaDoc{}, byName: map[string][]*sigmaDoc{},
		hunts: map[*sigmaDoc]string{}, filtered: map[*sigmaDoc][]*sigmaDoc{}}
	out := &SigmaImport{}
	var docs []*sigmaDoc
	for _, f := range files {
		ds, err := readSigmaFile(f.Name, f.Data)
		if err != nil {
			out.Outcomes = append(out.Outcomes, SigmaOutcome{File: f.Name, Rule: "the file", Kind: "detection",
				Refusal: &SigmaRefusal{File: f.Name, Rule: "the file", Kind: refusalKind(err), Reason: err}})
			continue
		}
		docs = append(docs, ds...)
	}
	for _, d := range docs {
		if d.ID != "" && imp.byID[d.ID] == nil {
			imp.byID[d.ID] = d
		}
		if d.Name != "" {
			imp.byName[d.Name] = append(imp.byName[d.Name], d)
		}
	}
	outcome := map[*sigmaDoc]*SigmaOutcome{}
	refuse := func(d *sigmaDoc, err error) { outcome[d].Refusal = d.refuse(err) }
	for _, d := range docs {
		kind := "detection"
		switch {
		case d.Correlation != nil:
			kind = "correlation"
		case d.Filter != nil:
			kind = "filter"
		}
		outcome[d] = &SigmaOutcome{File: d.file, Rule: d.label(), Kind: kind}
	}

	// Filters first: they change the rules they name.
	for _, d := range docs {
		if d.Filter != nil {
			if err := imp.applyFilter(d); err != nil {
				refuse(d, err)
			}
		}
	}
	// The rules a correlation refers to are not hunts of their own.
	referenced := map[*sigmaDoc]bool{}
	for _, d := range docs {
		if d.Correlation == nil || d.Correlation.Generate || d.Generate {
			continue
		}
		for _, ref := range d.Correlation.Rules {
			if m, err := imp.resolve(d, ref); err == nil {
				referenced[m] = true
			}
		}
	}
	type converted struct {
		doc  *sigmaDoc
		text string // the hunt file after its id line
	}
	var hunts []converted
	for _, d := range docs {
		if d.Filter != nil || referenced[d] {
			continue
		}
		text, used, err := imp.convert(d)
		if err != nil {
			refuse(d, err)
			continue
		}
		hunts = append(hunts, converted{d, text})
		for _, u := range used {
			imp.used = append(imp.used, [2]*sigmaDoc{u, d})
		}
	}

	// Hunt ids: sigma_<file name>, with the rule's name or title after it
	// when a file gives several hunts; a name two files share gets _2.
	perFile := map[string]int{}
	for _, h := range hunts {
		perFile[h.doc.file]++
	}
	taken := map[string]bool{}
	for _, h := range hunts {
		id := "sigma_" + slug(fileStem(h.doc.file))
		if perFile[h.doc.file] > 1 {
			id += "_" + slug(firstNonEmpty(h.doc.Name, h.doc.Title, fmt.Sprint(h.doc.index+1)))
		}
		for base, n := id, 2; taken[id]; n++ {
			id = fmt.Sprintf("%s_%d", base, n)
		}
		taken[id] = true
		imp.hunts[h.doc] = id
		text := []byte("-- id: " + id + "\n" + h.text)
		if _, err := Parse(id+".sql", text); err != nil {
			return nil, fmt.Errorf("%s (%s): converted hunt does not parse: %w", h.doc.file, h.doc.label(), err)
		}
		out.Hunts = append(out.Hunts, SigmaHunt{ID: id, Text: text})
		outcome[h.doc].Hunt = id
	}
	for _, u := range imp.used {
		if o := outcome[u[0]]; o.Hunt == "" {
			o.Hunt = imp.hunts[u[1]]
		}
	}
	for _, d := range docs {
		o := outcome[d]
		if d.Filter == nil || o.Refusal != nil {
			continue
		}
		for _, target := range imp.filtered[d] {
			o.Hunt = firstNonEmpty(o.Hunt, outcome[target].Hunt)
		}
		if o.Hunt == "" {
			refuse(d, refusal(refusedOrphan, "none of the rules it filters converted"))
		}
	}
	for _, d := range docs {
		o := outcome[d]
		if o.Hunt != "" || o.Refusal != nil {
			continue
		}
		if referenced[d] {
			// Only a correlation refers to it and none converted: say why
			// the rule itself would fail, if it would.
			scratch := &sigmaImporter{byID: imp.byID, byName: imp.byName}
			if _, _, err := scratch.convert(d); err != nil {
				refuse(d, err)
			} else {
				refuse(d, refusal(refusedOrphan, "only a correlation that cannot be converted refers to it"))
			}
		}
	}
	for _, d := range docs {
		out.Outcomes = append(out.Outcomes, *outcome[d])
	}
	return out, nil
}

// sigmaImporter resolves the references between the documents read.
type sigmaImporter struct {
	byID     map[string]*sigmaDoc
	byName   map[string][]*sigmaDoc
	hunts    map[*sigmaDoc]string      // the hunt id each converted document became
	used     [][2]*sigmaDoc            // (member, the correlation whose hunt it is part of)
	filtered map[*sigmaDoc][]*sigmaDoc // the rules each global filter names
	stack    map[*sigmaDoc]bool        // the correlations being converted, to catch cycles
}

// resolve finds the rule a correlation or filter refers to, by id or by
// name; among rules of one name, the one in the referring file.
func (imp *sigmaImporter) resolve(from *sigmaDoc, ref string) (*sigmaDoc, error) {
	if d := imp.byID[ref]; d != nil {
		return d, nil
	}
	named := imp.byName[ref]
	if len(named) == 1 {
		return named[0], nil
	}
	for _, d := range named {
		if d.file == from.file {
			return d, nil
		}
	}
	if len(named) > 1 {
		return nil, fmt.Errorf("%d rules are named %s, in other files than this one", len(named), ref)
	}
	return nil, refusal(refusedReference, "rule %s is not among the rules read", ref)
}

func (imp *sigmaImporter) applyFilter(d *sigmaDoc) error {
	if err := checkLogSource(d.LogSource); err != nil {
		return err
	}
	if _, err := convertFilter(d.Filter); err != nil {
		return err
	}
	if len(d.Filter.Rules) == 0 {
		return errors.New("a filter names the rules it applies to")
	}
	for _, ref := range d.Filter.Rules {
		target, err := imp.resolve(d, ref)
		if err != nil {
			return err
		}
		target.filters = append(target.filters, d.Filter)
		imp.filtered[d] = append(imp.filtered[d], target)
	}
	return nil
}

// convert turns one document into a hunt file but its id line (ids are
// given once every file is converted), and lists the documents it is
// made of besides d.
func (imp *sigmaImporter) convert(d *sigmaDoc) (string, []*sigmaDoc, error) {
	if d.Title == "" || d.Detection == nil && d.Correlation == nil {
		return "", nil, refusal(refusedNotARule, "no title, or neither detection nor correlation")
	}
	meta := sigmaMeta{docs: []*sigmaDoc{d}}
	b := &sqlBuilder{}
	var sql string
	var c *sigmaCorrelation
	logic := LogicFilter
	if d.Correlation != nil {
		imp.stack = map[*sigmaDoc]bool{}
		var err error
		if c, err = imp.correlation(b, d, &meta); err != nil {
			return "", nil, err
		}
		logic = LogicSequence
		if c.kind == "event_count" || c.kind == "value_count" {
			logic = LogicThreshold
		}
	} else {
		if err := checkLogSource(d.LogSource); err != nil {
			return "", nil, err
		}
		det, err := convertDetection(d.Detection, d.filters)
		if err != nil {
			return "", nil, err
		}
		if det.agg == nil {
			sql = b.filterFindings(d.Title, det.where)
		} else if c, err = aggregationCorrelation(b, d, det); err != nil {
			return "", nil, err
		} else {
			logic = LogicThreshold
		}
	}
	if c != nil {
		matches, err := b.correlate(c)
		if err != nil {
			return "", nil, err
		}
		sql = b.findings(c, matches)
	}
	header, err := meta.header(logic)
	if err != nil {
		return "", nil, err
	}
	return header + sql, meta.docs[1:], nil
}

// aggregationCorrelation reads a detection's "| count(field) by group op
// n" with its timeframe as the event_count or value_count correlation it
// stands for.
func aggregationCorrelation(b *sqlBuilder, d *sigmaDoc, det *sigmaDetection) (*sigmaCorrelation, error) {
	c := &sigmaCorrelation{title: d.Title, kind: "event_count", span: det.timeframe}
	m := sigmaMember{name: d.label(), rows: b.ruleRows(det.where)}
	if det.agg.GroupBy != "" {
		col, err := sigmaColumn(det.agg.GroupBy)
		if err != nil {
			return nil, err
		}
		c.groupBy, m.groups = []string{det.agg.GroupBy}, []string{col}
	}
	if det.agg.Field != "" {
		col, err := sigmaColumn(det.agg.Field)
		if err != nil {
			return nil, err
		}
		c.kind, c.value, m.value = "value_count", det.agg.Field, col
	}
	c.bounds = []sigmaBound{{op: det.agg.Op, n: det.agg.Threshold}}
	c.members = []sigmaMember{m}
	return c, nil
}

// correlation resolves a correlation rule's members, adding their CTEs to
// b, and the documents it is made of to meta.
func (imp *sigmaImporter) correlation(b *sqlBuilder, d *sigmaDoc, meta *sigmaMeta) (*sigmaCorrelation, error) {
	spec := d.Correlation
	c := &sigmaCorrelation{title: d.Title, kind: spec.Type, groupBy: spec.GroupBy}
	switch spec.Type {
	case "event_count", "value_count", "temporal", "temporal_ordered":
	case "value_sum", "value_avg", "value_percentile":
		return nil, refusal(refusedCorrelation, "correlation type %s sums or averages numbers, which CloudTrail's fields are not", spec.Type)
	default:
		return nil, fmt.Errorf("correlation type %q is not event_count, value_count, temporal or temporal_ordered", spec.Type)
	}
	if len(spec.Rules) == 0 {
		return nil, errors.New("a correlation names the rules it correlates")
	}
	span, err := parseDuration(spec.Timespan)
	if err != nil || span <= 0 {
		return nil, fmt.Errorf("timespan %q is not a duration such as 15m", spec.Timespan)
	}
	c.span = span
	if c.bounds, err = correlationBounds(spec.Condition); err != nil {
		return nil, err
	}
	switch {
	case len(c.bounds) == 0 && (c.kind == "temporal" || c.kind == "temporal_ordered"):
		c.bounds = []sigmaBound{{op: ">=", n: int64(len(spec.Rules))}}
	case len(c.bounds) == 0:
		return nil, fmt.Errorf("%s needs a condition such as gte: 10", c.kind)
	}
	if c.kind == "value_count" {
		var fields stringList
		switch f := spec.Condition["field"].(type) {
		case string:
			fields = stringList{f}
		case []any:
			for _, v := range f {
				s, _ := v.(string)
				fields = append(fields, s)
			}
		}
		if len(fields) != 1 || fields[0] == "" {
			return nil, errors.New("value_count needs one field in its condition")
		}
		c.value = fields[0]
	}
	if imp.stack[d] {
		return nil, fmt.Errorf("correlation %s refers to itself", d.label())
	}
	imp.stack[d] = true
	defer delete(imp.stack, d)
	seen := map[*sigmaDoc]bool{}
	for _, ref := range spec.Rules {
		m, err := imp.resolve(d, ref)
		if err != nil {
			return nil, err
		}
		if seen[m] {
			return nil, fmt.Errorf("rule %s is named twice", ref)
		}
		seen[m] = true
		member, err := imp.member(b, d, m, meta)
		if err != nil {
			if k := refusalKind(err); k == refusedReference || k == refusedMember {
				return nil, err
			}
			return nil, refusal(refusedMember, "rule %s: %v", ref, err)
		}
		alias := func(field string) (string, error) {
			if byRule, ok := spec.Aliases[field]; ok {
				if f, ok := byRule[m.Name]; ok && m.Name != "" {
					field = f
				}
			}
			return sigmaColumn(field)
		}
		for _, g := range spec.GroupBy {
			col, err := alias(g)
			if err != nil {
				return nil, err
			}
			member.groups = append(member.groups, col)
		}
		if c.kind == "value_count" {
			if member.value, err = alias(c.value); err != nil {
				return nil, err
			}
		}
		c.members = append(c.members, member)
	}
	return c, nil
}

// member adds the CTEs of one rule a correlation refers to.
func (imp *sigmaImporter) member(b *sqlBuilder, from, m *sigmaDoc, meta *sigmaMeta) (sigmaMember, error) {
	meta.docs = append(meta.docs, m)
	member := sigmaMember{name: firstNonEmpty(m.Name, m.Title, m.ID)}
	if m.Correlation != nil {
		inner, err := imp.correlation(b, m, meta)
		if err != nil {
			return member, err
		}
		matches, err := b.correlate(inner)
		if err != nil {
			return member, err
		}
		member.rows = b.memberRows(matches.fires)
		return member, nil
	}
	if m.Detection == nil {
		return member, refusal(refusedNotARule, "neither detection nor correlation")
	}
	if err := checkLogSource(m.LogSource); err != nil {
		return member, err
	}
	det, err := convertDetection(m.Detection, m.filters)
	if err != nil {
		return member, err
	}
	if det.agg != nil {
		return member, fmt.Errorf("its condition aggregates; a correlation counts the events of plain rules")
	}
	member.rows = b.ruleRows(det.where)
	return member, nil
}

// sigmaMeta gathers the header of a hunt from the documents it is made
// of: the rule converted first, then the rules it refers to.
type sigmaMeta struct {
	docs []*sigmaDoc
}

func (m *sigmaMeta) header(logic Logic) (string, error) {
	d := m.docs[0]
	var tactics, techniques, tags []string
	for _, doc := range m.docs {
		ta, te, other := sigmaTags(doc.Tags)
		tactics, techniques, tags = append(tactics, ta...), append(techniques, te...), append(tags, other...)
	}
	// The rule's level; for a correlation without one, the highest of
	// the rules it refers to.
	severity, err := d.severity()
	if err != nil {
		return "", err
	}
	if d.Level == "" && len(m.docs) > 1 {
		severity = 0
		for _, doc := range m.docs[1:] {
			if doc.Level == "" {
				continue
			}
			s, err := doc.severity()
			if err != nil {
				return "", err
			}
			severity = max(severity, s)
		}
		if severity == 0 {
			severity = SeverityMedium
		}
	}
	description := strings.Join(strings.Fields(d.Description), " ")
	if description == "" {
		description = d.Title
	}
	if !strings.HasSuffix(description, ".") {
		description += "."
	}
	description += " Converted from the Sigma rule " + filepath.Base(d.file)
	if d.ID != "" {
		description += " (" + d.ID + ")"
	}
	description += "."
	tags = append([]string{"sigma", "imported"}, tags...)
	if d.Correlation != nil {
		tags = append(tags, "correlation")
	}
	return fmt.Sprintf("-- title: %s\n-- description: %s\n-- severity: %s\n-- tactics: %s\n-- techniques: %s\n-- source: cloudtrail\n-- logic: %s\n-- covers: %s\n-- tags: %s\n",
		oneLine(d.Title), oneLine(description), severity, listOrDash(dedupe(tactics)), listOrDash(dedupe(techniques)),
		logic, slug(fileStem(d.file)), strings.Join(dedupe(tags), ", ")), nil
}

// filterFindings writes the hunt of a detection rule without
// aggregation: the pack's lh_object_findings of the matching events, one
// finding per actor, address and operation.
func (b *sqlBuilder) filterFindings(title, where string) string {
	rows := b.ruleRows(where)
	return "WITH " + strings.Join(b.ctes, ",\n") +
		fmt.Sprintf("\nFROM lh_object_findings('%s', concat(%s, ': ', api.operation))\n", rows, sqltext.QuoteString(title))
}

func listOrDash(s []string) string {
	if len(s) == 0 {
		return "-"
	}
	return strings.Join(s, ", ")
}

var nonIDChars = regexp.MustCompile(`[^a-z0-9]+`)

func slug(s string) string {
	return strings.Trim(nonIDChars.ReplaceAllString(strings.ToLower(s), "_"), "_")
}

func fileStem(name string) string {
	return strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
