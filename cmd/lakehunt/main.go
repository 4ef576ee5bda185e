// Command lakehunt ingests AWS CloudTrail and VPC Flow Logs into an OCSF 1.1
// Parquet lake laid out like Amazon Security Lake, and hunts in it with SQL.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, newFactory(os.Stdin, os.Stdout, os.Stderr), os.Args[1:]))
}
