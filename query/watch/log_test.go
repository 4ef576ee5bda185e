package watch

import (
	"io"
	"log/slog"
)

func newJSONLog(w io.Writer) *slog.Logger { return slog.New(slog.NewJSONHandler(w, nil)) }
