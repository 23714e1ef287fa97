// Package web holds the partner console: the static page the mock serves at
// / (index.html) and under /console/ (its script and style). The page talks
// to the mock over HTTP only: POST /__validate, the APIs themselves, the
// /__console/ endpoints and, where it is enabled, the admin API. Nothing is
// built at run time and nothing is fetched from elsewhere, so the page works
// offline.
package web

import "embed"

// FS holds the page's files.
//
//go:embed index.html app.js style.css
var FS embed.FS
