//go:build race

package publish_test

// raceBuild is true under -race: the kin-openapi checks, which compile a
// JSON Schema validator per example (a minute of work without the race
// detector, and nothing of ours running concurrently), run in the plain
// build only.
const raceBuild = true
