package main

import (
	"errors"
	"fmt"

	"github.com/lakehunt/lakehunt/query/workflow"
)

// Exit codes, documented in the README's CLI reference.
const (
	exitOK       = 0
	exitError    = 1 // the command failed
	exitUsage    = 2 // bad flags or arguments
	exitRejected = 3 // the command finished but some input was rejected
	exitFindings = 4 // hunt findings at or above --fail-on
)

// exitError carries a status without a message: the command already told
// the user what happened (for example an ingest summary with rejections).
type exitStatusError struct{ code int }

func (e *exitStatusError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// usageError is a mistake in how the command was called.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// isUsageError tells a mistake in the call: bad flags or arguments, or a
// request the library refused before doing any work.
func isUsageError(err error) bool {
	var ue *usageError
	var re *workflow.RequestError
	return errors.As(err, &ue) || errors.As(err, &re)
}

func exitCodeOf(err error) int {
	var st *exitStatusError
	if errors.As(err, &st) {
		return st.code
	}
	if isUsageError(err) {
		return exitUsage
	}
	return exitError
}
