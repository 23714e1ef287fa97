package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"strings"

	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/store"
)

// stateUsage is the help of the --state flag of serve and state.
const stateUsage = "where tenants' state is kept: memory (lost on exit), file:PATH (an embedded database file, one process) or postgres://... (PostgreSQL, shared by replicas)"

// checkState checks a --state value's form.
func checkState(state string) error {
	switch {
	case state == mock.StateMemory:
	case strings.HasPrefix(state, "file:"):
		if strings.TrimPrefix(state, "file:") == "" {
			return usagef("--state file: needs a path (file:/var/lib/mobmock/state.db)")
		}
	case strings.HasPrefix(state, "postgres://"), strings.HasPrefix(state, "postgresql://"):
		if _, err := url.Parse(state); err != nil {
			return usagef("--state is not a usable PostgreSQL URL: %v", err)
		}
	default:
		return usagef("--state must be memory, file:PATH or postgres://..., not %q", state)
	}
	return nil
}

// redact hides a PostgreSQL URL's password.
func redact(state string) string {
	if u, err := url.Parse(state); err == nil && u.User != nil {
		return u.Redacted()
	}
	return state
}

// stateError says what went wrong opening the state database (exit 2).
func stateError(state string, err error) error {
	// The drivers' messages may span lines (one per address tried).
	msg := strings.Join(strings.Fields(err.Error()), " ")
	switch {
	case errors.Is(err, store.ErrUnavailable) && strings.HasPrefix(state, "file:"):
		return &ioError{fmt.Errorf("cannot open the state database %s: %s", redact(state), msg)}
	case errors.Is(err, store.ErrUnavailable):
		return &ioError{fmt.Errorf("cannot open the state database %s: %s (is PostgreSQL running and reachable at that address? check --state)", redact(state), msg)}
	case errors.Is(err, store.ErrTooNew):
		return &ioError{fmt.Errorf("refusing the state database %s: %w", redact(state), err)}
	}
	return err
}

// stateCmd manages the state database: mobmock state migrate.
type stateCmd struct{ state string }

func (*stateCmd) name() string    { return "state" }
func (*stateCmd) summary() string { return "manage the state database (migrate)" }

func (c *stateCmd) flags() *flag.FlagSet {
	c.state = ""
	fs := flag.NewFlagSet("state", flag.ContinueOnError)
	fs.StringVar(&c.state, "state", c.state, "the state database: file:PATH or postgres://...")
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprint(w, `Usage: mobmock state migrate --state DATABASE

Brings the state database's schema up to date, as mobmock serve does when it
starts, for those who run migrations apart. It refuses a database written by
a newer mobmock.

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(w, "\n"+envHelp(fs))
	}
	return fs
}

func (c *stateCmd) run(_ context.Context, e env, args []string) error {
	fs := c.flags()
	if err := applyEnv(fs, e.getenv); err != nil {
		return err
	}
	// The action may come before the flags (state migrate --state X) or
	// after them; the flag package stops at the first argument.
	action := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		action, args = args[0], args[1:]
	}
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	if action == "" && fs.NArg() == 1 {
		action = fs.Arg(0)
	} else if fs.NArg() > 0 {
		action = ""
	}
	if action != "migrate" {
		return usagef("expected the action migrate (mobmock state migrate --state DATABASE)")
	}
	if c.state == "" || c.state == mock.StateMemory {
		return usagef("--state (or MOBMOCK_STATE) must name a database: file:PATH or postgres://...")
	}
	if err := checkState(c.state); err != nil {
		return err
	}
	if err := store.Migrate(c.state); err != nil {
		return stateError(c.state, err)
	}
	fmt.Fprintf(e.stdout, "mobmock: the state database %s is up to date\n", redact(c.state))
	return nil
}
