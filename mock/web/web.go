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

import "embed"

// FS holds the page's files.
//
//go:embed index.html app.js style.css
var FS embed.FS
