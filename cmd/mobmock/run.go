package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Exit codes.
const (
	exitOK       = 0 // success
	exitProblems = 1 // the command ran and found problems (invalid payloads, failed cases)
	exitUsage    = 2 // bad usage, unreadable input, unreachable target
)

// env gives a command what it needs from the outside world, so tests can run
// commands without touching the process's own.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// command is one subcommand.
type command interface {
	// name is what the user types.
	name() string
	// summary is one line for the command list.
	summary() string
	// flags returns the command's flag set, bound to a fresh config.
	flags() *flag.FlagSet
	// run parses args and does the work.
	run(ctx context.Context, e env, args []string) error
}

func commands() []command {
	return []command{&serveCmd{}, &validateCmd{}, &conformCmd{}, &proxyCmd{}, &stateCmd{}}
}

// usageError is a mistake in the command line: it prints the usage and a hint.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// problemsFound says the command worked and found problems; its message has
// already been printed, so it carries none.
var errProblemsFound = errors.New("problems found")

// ioError wraps an error reading input or reaching a target (exit 2).
type ioError struct{ err error }

func (e *ioError) Error() string { return e.err.Error() }
func (e *ioError) Unwrap() error { return e.err }

// run dispatches to the subcommand and sorts its error into an exit code,
// once, here.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runEnv(ctx, args, env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: osGetenv})
}

func runEnv(ctx context.Context, args []string, e env) int {
	if len(args) == 0 {
		printCommands(e.stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) == 1 {
			if c := find(rest[0]); c != nil {
				fs := c.flags()
				fs.SetOutput(e.stdout)
				fs.Usage()
				return exitOK
			}
		}
		printCommands(e.stdout)
		return exitOK
	}
	c := find(name)
	if c == nil {
		fmt.Fprintf(e.stderr, "mobmock: unknown command %q\n", name)
		if s := closest(name); s != "" {
			fmt.Fprintf(e.stderr, "Did you mean %q?\n", s)
		}
		fmt.Fprintln(e.stderr, "Run 'mobmock help' for the list of commands.")
		return exitUsage
	}
	err := c.run(ctx, e, rest)
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errProblemsFound):
		return exitProblems
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "mobmock %s: %s\n", c.name(), ue.msg)
		fmt.Fprintf(e.stderr, "Run 'mobmock help %s' for usage.\n", c.name())
		return exitUsage
	default:
		fmt.Fprintf(e.stderr, "mobmock %s: %s\n", c.name(), err)
		return exitUsage
	}
}

func find(name string) command {
	for _, c := range commands() {
		if c.name() == name {
			return c
		}
	}
	return nil
}

func closest(name string) string {
	for _, c := range commands() {
		if strings.HasPrefix(c.name(), name) || strings.HasPrefix(name, c.name()) {
			return c.name()
		}
	}
	return ""
}

func printCommands(w io.Writer) {
	fmt.Fprintln(w, "mobmock mocks, validates and contract-tests the MOBPROC v1 and Mobile REST APIs.")
	fmt.Fprintln(w, "\nUsage: mobmock COMMAND [flags]\n\nCommands:")
	cs := commands()
	sort.Slice(cs, func(i, j int) bool { return cs[i].name() < cs[j].name() })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-9s %s\n", c.name(), c.summary())
	}
	fmt.Fprintln(w, "\nRun 'mobmock help COMMAND' for a command's flags.")
}

// parseFlags parses args with fs, turning flag errors into usage errors
// (the flag package has already printed the usage).
func parseFlags(fs *flag.FlagSet, e env, args []string) error {
	fs.SetOutput(e.stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usagef("%v", err)
	}
	return nil
}
