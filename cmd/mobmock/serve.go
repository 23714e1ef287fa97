package main

import (
	"context"
	"flag"
	"fmt"
)

// serveCmd runs the mock.
type serveCmd struct{}

func (*serveCmd) name() string    { return "serve" }
func (*serveCmd) summary() string { return "run the stateful mock of both APIs (not built yet)" }

func (c *serveCmd) flags() *flag.FlagSet {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprintln(fs.Output(), "Usage: mobmock serve (not built yet)") }
	return fs
}

func (c *serveCmd) run(ctx context.Context, e env, args []string) error {
	if err := parseFlags(c.flags(), e, args); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "mobmock serve: serving is not built yet; 'mobmock validate' checks payloads today.")
	return nil
}
