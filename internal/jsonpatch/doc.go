// Package jsonpatch reads and edits decoded JSON values (the any trees that
// encoding/json produces) by JSON Pointer (RFC 6901) and applies JSON Patch
// operations (RFC 6902: add, remove, replace, copy, move, test).
//
// The schemas package uses it to derive the lenient schemas from the strict
// ones, and the fixtures package to derive negative cases from documented
// examples; both speak the same standard notation instead of two home-made
// ones.
package jsonpatch
