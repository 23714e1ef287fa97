// Package goclient shows the Go clients oapi-codegen generates from the
// published documents (spec/dist) at work against the mock: mobproc and
// mobile from the default documents, mobprocstrict and mobilestrict from
// the strict ones. It is a module of its own, so that the generator's
// runtime is not a dependency of mobmock; go generate ./... writes the
// clients (.ci/run does it, then runs go vet and go test here).
package goclient
