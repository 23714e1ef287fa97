package main

import (
	"flag"
	"fmt"
	"strings"
)

// envName is the environment variable that sets a flag: MOBMOCK_ and the
// flag name in upper case with dashes as underscores (--admin-token is
// MOBMOCK_ADMIN_TOKEN).
func envName(flagName string) string {
	return "MOBMOCK_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// applyEnv sets every flag of fs whose environment variable is set, before
// the command line is parsed, so that flags given on the command line win.
// The error names the variable and what is wrong with its value.
func applyEnv(fs *flag.FlagSet, getenv func(string) string) error {
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if err != nil {
			return
		}
		name := envName(f.Name)
		v := getenv(name)
		if v == "" {
			return
		}
		if e := fs.Set(f.Name, v); e != nil {
			err = usagef("%s=%q: %v", name, v, e)
		}
	})
	return err
}

// envHelp lists the environment variables of fs for the usage text.
func envHelp(fs *flag.FlagSet) string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, envName(f.Name)) })
	return fmt.Sprintf("Every flag can also be set by environment variable (flags win): %s.\n", strings.Join(names, ", "))
}

// parseCommand sets fs from the environment and then from args, refuses
// arguments that are not flags, and validates the result with check.
func parseCommand(fs *flag.FlagSet, e env, args []string, check func() error) error {
	if err := applyEnv(fs, e.getenv); err != nil {
		return err
	}
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	return check()
}
