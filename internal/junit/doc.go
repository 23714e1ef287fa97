// Package junit owns the JUnit XML that mobmock's reports are written as:
// the elements and attributes (Suites, Suite, Case, Message, Property),
// the time format (Seconds) and the writing of a document (Suites.Write).
// What goes into the suites is up to each report: conform has one case per
// case run, proxy one per operation seen.
package junit
