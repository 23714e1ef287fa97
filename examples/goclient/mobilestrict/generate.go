// Package mobilestrict is the client oapi-codegen generates from spec/dist/strict/mobile.yaml
// (go generate ./... in examples/goclient; the generated file is not
// committed).
package mobilestrict

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2 -config oapi-codegen.yaml ../../../spec/dist/strict/mobile.yaml
