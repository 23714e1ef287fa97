// Package spec owns the OpenAPI 3.1 documents of the two APIs (mobproc.yaml
// for MOBPROC v1 under /mobproc/v1, mobile.yaml for the Mobile REST API under
// /1). It embeds them, loads and validates them with kin-openapi (resolving
// their $refs into the schema files of package schemas), and finds the
// operation that answers a request.
//
// It knows nothing of serving, state, fixtures or flags, and never validates
// a body itself: body schemas are named here and checked by package schemas.
//
// It also embeds the published documents, dist/ (the default reading) and
// dist/strict/, which internal/publish generates from the documents, the
// schema files and the register; regenerate them with go generate ./spec.
package spec

//go:generate go run ../internal/cmd/publish -spec . -schemas ../schemas -out .
