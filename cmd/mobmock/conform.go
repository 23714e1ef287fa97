package main

import (
	"context"
	"flag"
	"fmt"
)

// conformCmd checks a real endpoint against the fixtures.
type conformCmd struct{}

func (*conformCmd) name() string { return "conform" }
func (*conformCmd) summary() string {
	return "check a real endpoint against the fixtures (not built yet)"
}

func (c *conformCmd) flags() *flag.FlagSet {
	fs := flag.NewFlagSet("conform", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprintln(fs.Output(), "Usage: mobmock conform --target URL (not built yet)") }
	return fs
}

func (c *conformCmd) run(ctx context.Context, e env, args []string) error {
	return usagef("conform is not built yet")
}
