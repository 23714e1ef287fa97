package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mobmock/mobmock/schemas"
)

// validateCmd checks request payloads against the contract.
type validateCmd struct {
	api    string
	strict bool
	format string
}

func (*validateCmd) name() string { return "validate" }
func (*validateCmd) summary() string {
	return "check request payloads (files or -) against the contract"
}

func (c *validateCmd) flags() *flag.FlagSet {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.StringVar(&c.api, "api", "auto", "which API the payloads are for: auto (from the envelope), mobproc or mobile")
	fs.BoolVar(&c.strict, "strict", false, "hold payloads to the attribute tables (default: lenient, accepting every documented example)")
	fs.StringVar(&c.format, "format", "text", "output format: text (one line per problem) or json")
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprint(w, `Usage: mobmock validate [--api auto|mobproc|mobile] [--strict] [--format text|json] FILE...

Checks each request payload (the whole POST body: {"orderRequest": ...} for
MOBPROC /orders, {"activity": ...} for Mobile /1/activities) against the
contract. FILE "-" reads standard input.

Text output has one line per problem:
  FILE: POINTER: SEVERITY: MESSAGE [Hint: ...]
Warnings (lenient mode) mark payloads that lean on a documented
contradiction; --strict turns them into errors.

Exit status: 0 no errors, 1 some payload has an error, 2 usage error or
unreadable file.

Flags:
`)
		fs.PrintDefaults()
	}
	return fs
}

func (c *validateCmd) run(ctx context.Context, e env, args []string) error {
	fs := c.flags()
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	var api schemas.API
	switch c.api {
	case "auto":
	case "mobproc":
		api = schemas.MOBPROC
	case "mobile":
		api = schemas.Mobile
	default:
		return usagef("--api must be auto, mobproc or mobile, not %q", c.api)
	}
	if c.format != "text" && c.format != "json" {
		return usagef("--format must be text or json, not %q", c.format)
	}
	files := fs.Args()
	if len(files) == 0 {
		return usagef("name at least one file to validate (or - for standard input)")
	}
	mode := schemas.Lenient
	if c.strict {
		mode = schemas.Strict
	}
	set, err := schemas.Load()
	if err != nil {
		return fmt.Errorf("loading the contract: %w", err)
	}
	// Read everything first: an unreadable file is a usage problem (exit 2)
	// and should not leave half a report behind.
	inputs := make([][]byte, len(files))
	stdinUsed := false
	for i, f := range files {
		if f == "-" {
			if stdinUsed {
				return usagef("standard input (-) can be named only once")
			}
			stdinUsed = true
			inputs[i], err = io.ReadAll(e.stdin)
		} else {
			inputs[i], err = os.ReadFile(f)
		}
		if err != nil {
			return &ioError{fmt.Errorf("cannot read %s: %w", displayName(f), unwrapPath(err))}
		}
	}
	results := make([]schemas.Report, len(files))
	anyErrors := false
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		results[i] = set.Report(inputs[i], api, mode)
		results[i].File = displayName(f)
		if !results[i].Valid {
			anyErrors = true
		}
	}
	if c.format == "json" {
		if err := schemas.WriteReports(e.stdout, results); err != nil {
			return err
		}
	} else {
		printText(e.stdout, results)
	}
	summarize(e.stderr, results, mode)
	if anyErrors {
		return errProblemsFound
	}
	return nil
}

func printText(w io.Writer, results []schemas.Report) {
	for _, r := range results {
		for _, p := range r.Problems {
			ptr := p.Pointer
			if ptr == "" {
				ptr = "(body)"
			}
			line := fmt.Sprintf("%s: %s: %s: %s", r.File, ptr, p.Severity, p.Message)
			if p.Hint != "" {
				line += " Hint: " + p.Hint
			}
			if p.Discrepancy != "" && !strings.Contains(line, p.Discrepancy) {
				line += " (register " + p.Discrepancy + ")"
			}
			fmt.Fprintln(w, line)
		}
		if len(r.NotJudged) > 0 {
			fmt.Fprintf(w, "%s: note: not judged offline (the API checks them against its data): %s\n", r.File, strings.Join(r.NotJudged, "; "))
		}
	}
}

func summarize(w io.Writer, results []schemas.Report, mode schemas.Mode) {
	var bad, warned int
	for _, r := range results {
		switch {
		case !r.Valid:
			bad++
		case len(r.Problems) > 0:
			warned++
		}
	}
	ok := len(results) - bad - warned
	fmt.Fprintf(w, "%d payload(s) checked (%s): %d valid, %d valid with warnings, %d with errors\n",
		len(results), mode, ok, warned, bad)
}

func displayName(f string) string {
	if f == "-" {
		return "<stdin>"
	}
	return f
}

// unwrapPath drops the *PathError wrapper, whose text repeats the file name.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
