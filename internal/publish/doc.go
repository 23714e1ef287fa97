// Package publish generates the OpenAPI documents mobmock publishes for
// third-party tools (linters, Prism, code generators) from its sources: the
// documents in spec/, the schema files in schemas/ and the discrepancy
// register.
//
// For each API it writes two single-file, self-contained OpenAPI 3.1
// documents: the default one (spec/dist/<api>.yaml), which describes what the
// mock accepts by default (the lenient reading: every documented example is
// valid, and each shape only that reading tolerates carries
// "x-mobmock-register" naming the register entry, plus "deprecated": true on
// tolerated fields), and the strict one (spec/dist/strict/<api>.yaml), the
// attribute tables to the letter. Both come from the same sources through
// the same code, so they cannot drift from each other or from the validator.
//
// The documents are shaped for generators: every schema file and $defs entry
// becomes a component with a name generators turn into a distinct
// identifier; the if/then dispatch on a request's type becomes a oneOf whose
// branches each pin the type with const (and a discriminator when the type
// is a string); enums and consts carry their type; no $id or $schema is left
// for a resolver to chase. The mock serves the files as they are; the
// command internal/cmd/publish writes them (go generate ./spec), and a test
// fails when the committed files are stale.
package publish
