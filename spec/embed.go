package spec

import "embed"

// FS holds the OpenAPI documents, as served at /openapi/{name}, and their
// runtime bundles (bundle/).
//
//go:embed mobproc.yaml mobile.yaml bundle
var FS embed.FS
