package spec

import "embed"

// FS holds the OpenAPI documents, as served at /openapi/{name}.
//
//go:embed mobproc.yaml mobile.yaml
var FS embed.FS
