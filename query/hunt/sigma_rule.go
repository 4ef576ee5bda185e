package hunt

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// sigmaDoc is one YAML document of a Sigma file: a detection rule, a
// correlation rule or a global filter, with the part conversion reads.
type sigmaDoc struct {
	Title       string          `yaml:"title"`
	ID          string          `yaml:"id"`
	Name        string          `yaml:"name"`
	Description string          `yaml:"description"`
	Level       string          `yaml:"level"`
	Tags        []string        `yaml:"tags"`
	LogSource   map[string]any  `yaml:"logsource"`
	Detection   map[string]any  `yaml:"detection"`
	Correlation *sigmaCorrSpec  `yaml:"correlation"`
	Filter      *sigmaFilterDoc `yaml:"filter"`
	// Generate asks for hunts of the rules a correlation refers to as well;
	// the specification puts it beside level, pySigma in the correlation.
	Generate bool `yaml:"generate"`

	filters []*sigmaFilterDoc // the global filters that name it
	file    string            // the file it was read from
	index   int               // its place among the file's documents, from 0
}

// sigmaCorrSpec is the correlation section of a correlation rule (Sigma
// correlation rules specification v2).
type sigmaCorrSpec struct {
	Type      string                       `yaml:"type"`
	Rules     stringList                   `yaml:"rules"`
	GroupBy   stringList                   `yaml:"group-by"`
	Timespan  string                       `yaml:"timespan"`
	Condition map[string]any               `yaml:"condition"`
	Aliases   map[string]map[string]string `yaml:"aliases"`
	Generate  bool                         `yaml:"generate"`
}

// sigmaFilterDoc is the filter section of a global filter (Sigma filters
// specification): selections and a condition every named rule must also
// meet.
type sigmaFilterDoc struct {
	Rules      stringList
	Condition  any
	Selections map[string]any
}

func (f *sigmaFilterDoc) UnmarshalYAML(n *yaml.Node) error {
	var m map[string]yaml.Node
	if err := n.Decode(&m); err != nil {
		return err
	}
	f.Selections = map[string]any{}
	for k, v := range m {
		var err error
		switch k {
		case "rules":
			err = v.Decode(&f.Rules)
		case "condition":
			err = v.Decode(&f.Condition)
		default:
			var sel any
			err = v.Decode(&sel)
			f.Selections[k] = sel
		}
		if err != nil {
			return fmt.Errorf("filter %s: %w", k, err)
		}
	}
	return nil
}

// stringList reads a YAML list of strings, or a single string as a list
// of one.
type stringList []string

func (l *stringList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*l = stringList{n.Value}
		return nil
	}
	var s []string
	if err := n.Decode(&s); err != nil {
		return err
	}
	*l = s
	return nil
}

// label names the document in messages: its title, else its place.
func (d *sigmaDoc) label() string {
	if d.Title != "" {
		return d.Title
	}
	return fmt.Sprintf("document %d", d.index+1)
}

func (d *sigmaDoc) refuse(err error) *SigmaRefusal {
	return &SigmaRefusal{File: d.file, Rule: d.label(), Kind: refusalKind(err), Reason: err}
}

// readSigmaFile splits a file into its YAML documents; empty documents
// (a trailing ---) are skipped.
func readSigmaFile(name string, data []byte) ([]*sigmaDoc, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*sigmaDoc
	for i := 0; ; i++ {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, refusal(refusedNotARule, "not YAML: %v", err)
		}
		if len(n.Content) == 0 || n.Content[0].Kind == yaml.ScalarNode && n.Content[0].Value == "" {
			continue
		}
		d := &sigmaDoc{}
		if err := n.Decode(d); err != nil {
			return nil, refusal(refusedNotARule, "document %d: %v", i+1, err)
		}
		d.file, d.index = name, len(docs)
		docs = append(docs, d)
	}
	if len(docs) == 0 {
		return nil, refusal(refusedNotARule, "no YAML document")
	}
	return docs, nil
}

var sigmaLevels = map[string]Severity{
	"informational": SeverityInfo, "low": SeverityLow, "medium": SeverityMedium, "high": SeverityHigh, "critical": SeverityCritical,
}

// severity is the rule's level; a rule without one is medium, the middle
// of Sigma's scale.
func (d *sigmaDoc) severity() (Severity, error) {
	if d.Level == "" {
		return SeverityMedium, nil
	}
	s, ok := sigmaLevels[strings.ToLower(d.Level)]
	if !ok {
		return 0, fmt.Errorf("level %q is not informational, low, medium, high or critical", d.Level)
	}
	return s, nil
}

// attackTactics are ATT&CK's tactics by the names Sigma tags them with
// (attack.defense-evasion, or attack.defense_evasion in older rules).
var attackTactics = map[string]string{
	"reconnaissance": "TA0043", "resource_development": "TA0042", "initial_access": "TA0001", "execution": "TA0002",
	"persistence": "TA0003", "privilege_escalation": "TA0004", "defense_evasion": "TA0005", "credential_access": "TA0006",
	"discovery": "TA0007", "lateral_movement": "TA0008", "collection": "TA0009", "exfiltration": "TA0010",
	"command_and_control": "TA0011", "impact": "TA0040", "defense_impairment": "TA0112",
}

var nonTagChars = regexp.MustCompile(`[^a-z0-9_\-]+`)

// sigmaTags sorts a rule's tags: ATT&CK tactics and techniques become
// ids, every other tag (attack.stealth, attack.g0016, cve.2021-44228,
// detection.threat-hunting) is kept as a hunt tag, its dots made dashes.
// No tag is ever a reason to refuse a rule.
func sigmaTags(tags []string) (tactics, techniques, other []string) {
	for _, tag := range tags {
		tag = strings.ToLower(strings.TrimSpace(tag))
		if t, ok := strings.CutPrefix(tag, "attack."); ok {
			id := strings.ToUpper(t)
			switch {
			case attackTactics[strings.ReplaceAll(t, "-", "_")] != "":
				tactics = append(tactics, attackTactics[strings.ReplaceAll(t, "-", "_")])
				continue
			case techniquePattern.MatchString(id):
				techniques = append(techniques, id)
				continue
			case tacticPattern.MatchString(id):
				tactics = append(tactics, id)
				continue
			}
		}
		if kept := strings.Trim(nonTagChars.ReplaceAllString(tag, "-"), "-_"); kept != "" {
			other = append(other, kept)
		}
	}
	return dedupe(tactics), dedupe(techniques), dedupe(other)
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
