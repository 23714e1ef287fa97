package spec

import "embed"

// FS holds the OpenAPI source documents, their runtime bundles (bundle/)
// and the published documents (dist/, dist/strict/).
//
//go:embed mobproc.yaml mobile.yaml provenance.yaml bundle dist
var FS embed.FS
