// Command mobmock mocks, validates and contract-tests the MOBPROC v1 and
// Mobile REST APIs.
//
//	mobmock serve      run the stateful mock of both APIs
//	mobmock validate   check request payloads against the contract
//	mobmock conform    check a real endpoint against the fixtures
//	mobmock proxy      forward traffic to a real endpoint and check it against the contract
//
// Run "mobmock help COMMAND" for a command's flags.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
