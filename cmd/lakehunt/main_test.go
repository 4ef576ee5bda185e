package main

import (
	"context"
	"os"
	"testing"
)

// runAsCLI, set in the environment, makes the test binary run as lakehunt
// itself, so that tests can start the CLI as a child process (an MCP
// client starting 'lakehunt mcp') without building it first.
const runAsCLI = "LAKEHUNT_TEST_RUN_AS_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(runAsCLI) == "1" {
		os.Exit(run(context.Background(), newFactory(os.Stdin, os.Stdout, os.Stderr), os.Args[1:]))
	}
	os.Exit(m.Run())
}
