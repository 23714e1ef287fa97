package schemas

import "embed"

// FS holds the schema files (mobproc/, mobile/) and the discrepancy register
// (register/), exactly as they are in the repository.
//
//go:embed mobproc mobile register
var FS embed.FS
