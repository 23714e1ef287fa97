// Package web holds the partner console: the static page the mock serves at
// / (index.html) and under /console/ (its script and style). The page talks
// to the mock over HTTP only: POST /__validate, the APIs themselves, the
// /__console/ endpoints and, where it is enabled, the admin API. Nothing is
// built at run time and nothing is fetched from elsewhere, so the page works
// offline.
//
// mobmock proxy serves the same page (GET /__console/config says
// {"mode":"proxy"}): its Traffic view then lists the exchanges the proxy
// judged, and the views only the mock can fill are hidden. This package
// imports nothing of the mock's, so the proxy can embed it alone.
package web

import (
	"embed"
	"errors"
	"io/fs"
	"path"
	"strings"
)

// FS holds the page's files.
//
//go:embed index.html app.js style.css
var FS embed.FS

// ErrNotFound is returned by Lookup for a path that names no file of the
// page.
var ErrNotFound = errors.New("no such file in the console")

// Lookup returns the file a server answers at urlPath: index.html at /,
// the others under /console/, with its Content-Type. It returns
// ErrNotFound for any other path.
func Lookup(urlPath string) (data []byte, contentType string, err error) {
	name := "index.html"
	if urlPath != "/" {
		if !strings.HasPrefix(urlPath, "/console/") {
			return nil, "", ErrNotFound
		}
		name = path.Clean(strings.TrimPrefix(urlPath, "/console/"))
	}
	if strings.HasPrefix(name, ".") {
		return nil, "", ErrNotFound
	}
	data, err = fs.ReadFile(FS, name)
	if err != nil {
		return nil, "", ErrNotFound
	}
	return data, contentTypeOf(name), nil
}

func contentTypeOf(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".png":
		return "image/png"
	case ".svg":
		return "image/svg+xml"
	}
	return "application/octet-stream"
}
