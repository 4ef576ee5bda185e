package main

import (
	"os"

	"github.com/spf13/pflag"

	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/source"
)

// IngestRuleOptions are the ingest rule flags of every command that
// ingests ('ingest cloudtrail|vpcflow', 'watch').
type IngestRuleOptions struct {
	Drop  []string
	Keep  []string
	Files []string
}

func addIngestRuleFlags(fs *pflag.FlagSet, o *IngestRuleOptions) {
	fs.StringArrayVar(&o.Drop, "drop", nil, "drop the events this rule matches (repeatable): field=glob terms, ANDed, e.g. 'principal=*CspmMonitorAws*'")
	fs.StringArrayVar(&o.Keep, "keep", nil, "keep only the events some --keep rule matches (repeatable); --drop rules then apply")
	fs.StringArrayVar(&o.Files, "rules", nil, "read rules from FILE, one a line: 'drop TERMS' or 'keep TERMS', # comments (repeatable)")
}

// rules parses the rules for an ingest of kind: files first, then --keep
// and --drop. A rule that does not parse, or names a field the kind lacks,
// is a usage error.
func (o *IngestRuleOptions) rules(kind source.Kind) (ingest.Rules, error) {
	var rules ingest.Rules
	for _, name := range o.Files {
		file, err := os.Open(name)
		if err != nil {
			return nil, usageErrorf("--rules: %v", err)
		}
		fromFile, err := ingest.ParseRuleFile(file, name)
		file.Close()
		if err != nil {
			return nil, usageErrorf("%v", err)
		}
		rules = append(rules, fromFile...)
	}
	for _, flag := range []struct {
		drop  bool
		texts []string
	}{{false, o.Keep}, {true, o.Drop}} {
		for _, text := range flag.texts {
			origin := "--keep"
			if flag.drop {
				origin = "--drop"
			}
			r, err := ingest.ParseRule(flag.drop, text, origin)
			if err != nil {
				return nil, usageErrorf("%v", err)
			}
			rules = append(rules, r)
		}
	}
	if err := rules.Check(kind); err != nil {
		return nil, usageErrorf("%v", err)
	}
	return rules, nil
}
