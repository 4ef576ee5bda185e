package main

import (
	"io"
	"os"

	"golang.org/x/term"
)

// Factory carries what every command needs: the streams and the global
// flags. Commands take it instead of reaching for globals, so tests can run
// them in-process with buffers.
type Factory struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer

	// Lake is the lake directory from --lake, LAKEHUNT_LAKE or ./lake.
	Lake string
}

func newFactory(in io.Reader, out, errOut io.Writer) *Factory {
	return &Factory{In: in, Out: out, Err: errOut}
}

// StderrIsTerminal tells whether progress output should be drawn.
func (f *Factory) StderrIsTerminal() bool {
	file, ok := f.Err.(*os.File)
	return ok && term.IsTerminal(int(file.Fd()))
}

// StdoutIsTerminal tells whether table output can use the terminal width.
func (f *Factory) StdoutIsTerminal() bool {
	file, ok := f.Out.(*os.File)
	return ok && term.IsTerminal(int(file.Fd()))
}

// TerminalWidth is the width of stdout, or 0 when it is not a terminal.
func (f *Factory) TerminalWidth() int {
	file, ok := f.Out.(*os.File)
	if !ok || !term.IsTerminal(int(file.Fd())) {
		return 0
	}
	w, _, err := term.GetSize(int(file.Fd()))
	if err != nil {
		return 0
	}
	return w
}
