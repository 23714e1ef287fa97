// Package benchserver holds what the benchmark's own servers
// (bench/reference, bench/floor) share: the fixed answer they write and
// mobmock's command line, which bench/run.sh and bench/startup start every
// server with.
package benchserver

import (
	_ "embed"
	"flag"
	"strconv"
)

// Answer is the documented SWAP_DEVICES confirmation, the answer both
// servers write.
//
//go:embed answer.json
var Answer []byte

// AnswerLength is len(Answer) for a Content-Length header.
var AnswerLength = strconv.Itoa(len(Answer))

// Addr reads mobmock's command line ("serve --addr A --log off
// --max-records-per-tenant N"; only the address counts) and returns the
// address to listen on, def when none is given. It exits on a flag mobmock
// does not take here.
func Addr(name, def string, args []string) string {
	if len(args) > 0 && args[0] == "serve" {
		args = args[1:]
	}
	fs := flag.NewFlagSet(name, flag.ExitOnError)
	addr := fs.String("addr", def, "address to listen on")
	fs.String("log", "", "ignored (mobmock's flag)")
	fs.Int("max-records-per-tenant", 0, "ignored (mobmock's flag)")
	_ = fs.Parse(args)
	return *addr
}
