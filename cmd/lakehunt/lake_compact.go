package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/storage/lake"
)

// LakeCompactOptions are the flags of 'lake compact'.
type LakeCompactOptions struct {
	Table string
	DayFlags
}

func newCmdLakeCompact(f *Factory) *cobra.Command {
	opts := &LakeCompactOptions{}
	cmd := &cobra.Command{
		Use:   "compact",
		Short: "Merge the small files of each partition into one time-sorted file, dropping duplicates",
		Long: `Compact merges the data files of each partition into one file sorted by time and
drops duplicate deliveries (repeated CloudTrail events by their key; flow rows
identical in every column). The new file and the removal of the old ones are one
commit: a compaction killed at any instant leaves the lake readable and correct,
and running it again finishes the work. Then it indexes the issued sessions of
the CloudTrail days that have no index of their files ('lake index').`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			tables, err := selectTables(opts.Table)
			if err != nil {
				return err
			}
			from, to, err := opts.window()
			if err != nil {
				return err
			}
			w, err := lake.OpenWriter(f.Lake)
			if err != nil {
				return err
			}
			parts, filesIn, dups, err := compactTables(cmd, f, w, tables, from, to)
			// The lock is released first: indexing takes it again.
			w.Close()
			if err != nil {
				return err
			}
			fmt.Fprintf(f.Err, "compacted %d partitions (%d files), %d duplicates dropped\n", parts, filesIn, dups)
			indexIssuedSessions(cmd.Context(), f)
			return nil
		},
	}
	views, sources := tableNames()
	cmd.Flags().StringVar(&opts.Table, "table", "", "only this table: "+strings.Join(views, " or ")+" (or "+strings.Join(sources, ", ")+")")
	addDayFlags(cmd.Flags(), &opts.DayFlags, "only partitions")
	return cmd
}

// compactTables compacts the partitions of tables that overlap [from, to).
func compactTables(cmd *cobra.Command, f *Factory, w *lake.Writer, tables []lake.Table, from, to time.Time) (parts, filesIn, dups int64, err error) {
	for _, t := range tables {
		list, err := lake.ListPartitions(f.Lake, t)
		if err != nil {
			return parts, filesIn, dups, err
		}
		for _, p := range list {
			if !p.Overlaps(from, to) {
				continue
			}
			if err := cmd.Context().Err(); err != nil {
				return parts, filesIn, dups, err
			}
			res, err := w.CompactPartition(t, p)
			if err != nil {
				return parts, filesIn, dups, err
			}
			if res.FilesIn > 1 {
				parts++
				filesIn += int64(res.FilesIn)
				dups += res.Duplicates
				fmt.Fprintf(f.Err, "%s %s: %d files, %d rows -> 1 file, %d rows (%d duplicates dropped)\n",
					t.Source, p.Path(), res.FilesIn, res.RowsIn, res.RowsOut, res.Duplicates)
			}
		}
	}
	return parts, filesIn, dups, nil
}

func selectTables(name string) ([]lake.Table, error) {
	if name == "" {
		return lake.Tables, nil
	}
	if t, ok := lake.TableByView(name); ok {
		return []lake.Table{t}, nil
	}
	if t, ok := lake.TableBySource(name); ok {
		return []lake.Table{t}, nil
	}
	views, _ := tableNames()
	return nil, usageErrorf("unknown table %q (want %s)", name, strings.Join(views, " or "))
}

// tableNames are the views and Security Lake sources that --table accepts.
func tableNames() (views, sources []string) {
	for _, t := range lake.Tables {
		views = append(views, t.View)
		sources = append(sources, t.Source)
	}
	return views, sources
}
