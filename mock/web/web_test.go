package web_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/mobmock/mobmock/mock/web"
)

// TestLookup checks which paths name a file of the page, and with which
// Content-Type.
func TestLookup(t *testing.T) {
	for _, c := range []struct {
		path, contentType, contains string
	}{
		{"/", "text/html; charset=utf-8", "<!doctype html>"},
		{"/console/app.js", "text/javascript; charset=utf-8", "use strict"},
		{"/console/style.css", "text/css; charset=utf-8", "[hidden]"},
		{"/console/index.html", "text/html; charset=utf-8", "<!doctype html>"},
		{"/console/nope.js", "", ""},
		{"/console/../web.go", "", ""},
		{"/console/.", "", ""},
		{"/app.js", "", ""},
		{"/index.html", "", ""},
	} {
		t.Run(c.path, func(t *testing.T) {
			data, ct, err := web.Lookup(c.path)
			if c.contentType == "" {
				if !errors.Is(err, web.ErrNotFound) {
					t.Errorf("got %d bytes (%s), err %v; want ErrNotFound", len(data), ct, err)
				}
				return
			}
			if err != nil || ct != c.contentType || !strings.Contains(string(data), c.contains) {
				t.Errorf("got %s, err %v, contains %q: %v; want %s", ct, err, c.contains, strings.Contains(string(data), c.contains), c.contentType)
			}
		})
	}
}
