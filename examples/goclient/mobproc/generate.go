// Package mobproc is the client oapi-codegen generates from spec/dist/mobproc.yaml
// (go generate ./... in examples/goclient; the generated file is not
// committed).
package mobproc

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2 -config oapi-codegen.yaml ../../../spec/dist/mobproc.yaml
