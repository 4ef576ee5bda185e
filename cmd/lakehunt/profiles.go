package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/engine"
)

// profiles are the hidden diagnostic flags: a CPU profile and a memory
// trace of the whole command, started before it runs and stopped after
// it, whether it failed or not.
type profiles struct {
	cpu, memory string
	cpuFile     *os.File
	memoryFile  *os.File
	stopTrace   func() error
}

// memoryTraceInterval is how often --memtrace samples: often enough to
// catch the peak of a hunt of a few seconds, seldom enough that the
// samples (a query per open engine, mallinfo2's walk of the arenas) cost
// nothing measurable.
const memoryTraceInterval = 500 * time.Millisecond

func (p *profiles) addFlags(cmd *cobra.Command) {
	cmd.PersistentFlags().StringVar(&p.cpu, "cpuprofile", "", "write a CPU profile to this file")
	cmd.PersistentFlags().StringVar(&p.memory, "memtrace", "", fmt.Sprintf("write a JSON line every %v to this file: RSS, Go's heap, glibc's malloc and each engine's DuckDB memory by tag", memoryTraceInterval))
	cmd.PersistentFlags().MarkHidden("cpuprofile")
	cmd.PersistentFlags().MarkHidden("memtrace")
}

func (p *profiles) start() error {
	if p.cpu != "" {
		file, err := os.Create(p.cpu)
		if err != nil {
			return err
		}
		p.cpuFile = file
		if err := pprof.StartCPUProfile(file); err != nil {
			return err
		}
	}
	if p.memory != "" {
		file, err := os.Create(p.memory)
		if err != nil {
			return err
		}
		p.memoryFile = file
		p.stopTrace = engine.TraceMemory(file, memoryTraceInterval)
	}
	return nil
}

func (p *profiles) stop() error {
	var errs []error
	if p.cpuFile != nil {
		pprof.StopCPUProfile()
		errs = append(errs, p.cpuFile.Close())
		p.cpuFile = nil
	}
	if p.stopTrace != nil {
		errs = append(errs, p.stopTrace(), p.memoryFile.Close())
		p.stopTrace = nil
	}
	return errors.Join(errs...)
}
