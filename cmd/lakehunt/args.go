package main

import (
	"slices"
	"strings"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// literalArgs keeps arguments that only look like flags from being read as
// flags. Published Athena queries start with a "-- comment" line, which
// pflag would refuse as an unknown flag: an argument that starts with '-'
// but whose name (up to '=') holds whitespace is no flag. When such an
// argument is a positional one, not the value of the flag before it, the
// command's positional arguments are moved, in order, behind a "--", after
// which pflag reads no flags; the flags before and after them keep
// working. Anything else is returned as it is, for cobra to judge.
func literalArgs(root *cobra.Command, args []string) []string {
	dash := slices.Index(args, "--")
	if dash < 0 {
		dash = len(args)
	}
	if !slices.ContainsFunc(args[:dash], isTextArg) {
		return args
	}
	cmd, rest, err := root.Find(args)
	if err != nil || cmd.DisableFlagParsing {
		return args
	}
	var flags, positional []string
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		switch {
		case a == "--":
			positional = append(positional, rest[i+1:]...)
			i = len(rest)
		case len(a) > 1 && a[0] == '-' && !isTextArg(a):
			flags = append(flags, a)
			if takesNextArg(cmd, a) && i+1 < len(rest) {
				i++
				flags = append(flags, rest[i])
			}
		default:
			positional = append(positional, a)
		}
	}
	out := strings.Fields(cmd.CommandPath())[1:] // the subcommand names, without the root's
	out = append(out, flags...)
	out = append(out, "--")
	return append(out, positional...)
}

// isTextArg tells an argument that starts with '-' but cannot be a flag:
// its name holds whitespace.
func isTextArg(a string) bool {
	if len(a) < 2 || a[0] != '-' {
		return false
	}
	name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
	return strings.ContainsFunc(name, unicode.IsSpace)
}

// takesNextArg tells whether the flag argument a takes the argument after
// it as its value, as pflag reads it: --name or -n of a flag that is not
// boolean, without '=' or (for a shorthand) the value attached.
func takesNextArg(cmd *cobra.Command, a string) bool {
	lookup := func(find func(*pflag.FlagSet) *pflag.Flag) *pflag.Flag {
		if f := find(cmd.Flags()); f != nil {
			return f
		}
		return find(cmd.InheritedFlags())
	}
	if name, ok := strings.CutPrefix(a, "--"); ok {
		if strings.Contains(name, "=") {
			return false
		}
		f := lookup(func(fs *pflag.FlagSet) *pflag.Flag { return fs.Lookup(name) })
		return f != nil && f.NoOptDefVal == ""
	}
	shorthands := a[1:]
	for i := range len(shorthands) {
		f := lookup(func(fs *pflag.FlagSet) *pflag.Flag { return fs.ShorthandLookup(shorthands[i : i+1]) })
		if f == nil {
			return false
		}
		if f.NoOptDefVal == "" {
			// A value flag takes the rest of the cluster, if any.
			return i == len(shorthands)-1
		}
	}
	return false
}
