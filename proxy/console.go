package proxy

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mobmock/mobmock/internal/redact"
	"github.com/mobmock/mobmock/mock/web"
	"github.com/mobmock/mobmock/schemas"
)

// The proxy serves the mock's partner console (package web) on the paths
// the page uses: the page at / and its files under /console/, its JSON
// endpoints under /__console/, and POST /__validate. GET /__console/config
// says {"mode":"proxy"}, so the page shows the Traffic view of the
// exchanges the proxy judged and hides what only the mock has (its state,
// sending to it). These paths are never forwarded.

// isConsolePath reports whether the console answers path. /favicon.ico is
// among them because the browser showing the page asks for it: forwarded,
// it would show up in the Traffic view as the target's 404.
func isConsolePath(p string) bool {
	return p == "/" || p == "/favicon.ico" || p == "/__validate" || strings.HasPrefix(p, "/console/") || strings.HasPrefix(p, "/__console/")
}

// maxKeptBody is how much of each body the journal keeps for the console.
const maxKeptBody = 16 << 10

// kept is what the journal keeps of an exchange for the console's Traffic
// view: the headers as they were and at most maxKeptBody+1 bytes of each
// body (the extra byte says it was cut).
type kept struct {
	api       schemas.API
	reqHeader http.Header
	reqBody   []byte
	resHeader http.Header
	resBody   []byte
}

// keep copies what the console shows of x. The headers are clones the
// exchange owns; the bodies are copied since they may be large.
func keep(x *exchange) kept {
	clip := func(b []byte) []byte {
		if len(b) > maxKeptBody+1 {
			b = b[:maxKeptBody+1]
		}
		return bytes.Clone(b)
	}
	return kept{api: x.api, reqHeader: x.reqHeader, reqBody: clip(x.reqBody), resHeader: x.respHeader, resBody: clip(x.respBody)}
}

// consoleExchange is an exchange as the console's Traffic view reads it:
// the shape of the mock's journal entries (GET /__console/traffic), with
// the proxy's violations as errors and its warnings as warnings, each with
// its class and code.
type consoleExchange struct {
	ID         string      `json:"requestId"`
	Time       time.Time   `json:"time"`
	Method     string      `json:"method"`
	Path       string      `json:"path"`
	Query      string      `json:"query,omitempty"`
	API        string      `json:"api,omitempty"`
	Operation  string      `json:"operation,omitempty"`
	Status     int         `json:"status"`
	DurationMS float64     `json:"durationMs"`
	Errors     []Violation `json:"errors"`
	Warnings   []Violation `json:"warnings,omitempty"`
	Request    message     `json:"request"`
	Response   message     `json:"response"`
}

// message is a request or an answer as the console shows it: its headers
// (credentials masked) and its body as text.
type message struct {
	Headers map[string]string `json:"headers,omitempty"`
	Body    string            `json:"body,omitempty"`
	// Truncated says the body was longer than what is kept.
	Truncated bool `json:"truncated,omitempty"`
}

func newMessage(h http.Header, body []byte) message {
	m := message{Headers: redact.Headers(h), Body: string(body)}
	if len(body) > maxKeptBody {
		m.Body, m.Truncated = string(body[:maxKeptBody]), true
	}
	return m
}

// serveConsole answers the console's paths (isConsolePath).
func (p *Proxy) serveConsole(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/__validate" {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", "POST")
			writeFailure(w, "", failure{http.StatusMethodNotAllowed, CodeMethodNotAllowed, r.Method + " is not supported here; use POST with the payload as the body.", ""}, nil)
			return
		}
		p.handleValidate(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeFailure(w, "", failure{http.StatusMethodNotAllowed, CodeMethodNotAllowed,
			r.Method + " is not supported here; use GET. The proxy answers " + r.URL.Path + " itself (its console) and does not forward it.", ""}, nil)
		return
	}
	switch pth := r.URL.Path; {
	case pth == "/" || strings.HasPrefix(pth, "/console/"):
		p.handlePage(w, r)
	case pth == "/favicon.ico":
		writeFailure(w, "", failure{http.StatusNotFound, "not-found", "The console has no icon.", ""}, nil)
	case pth == "/__console/config":
		writeJSON(w, map[string]any{"mode": "proxy", "target": p.target.String(), "strict": p.cfg.Strict,
			"auth": "off", "admin": false, "adminToken": false})
	case pth == "/__console/traffic":
		p.handleTraffic(w, r)
	case pth == "/__console/register":
		writeJSON(w, p.schemas.Register())
	case pth == "/__console/examples":
		// The documented examples belong to the mock; the proxy's
		// Validate view takes pasted or uploaded payloads.
		writeJSON(w, map[string]any{"examples": []any{}})
	case pth == "/__console/state":
		writeFailure(w, "", failure{http.StatusNotFound, "not-found", "The proxy keeps no orders or activities: the target does.",
			"Read them through the API, via the proxy."}, nil)
	case strings.HasPrefix(pth, "/__console/openapi/"):
		p.handleOpenAPI(w, r)
	default:
		writeFailure(w, "", failure{http.StatusNotFound, "not-found", "The proxy's console has nothing at " + pth + ".", "Open / in a browser."}, nil)
	}
}

// handlePage serves the console's static files: index.html at / and the
// rest under /console/.
func (p *Proxy) handlePage(w http.ResponseWriter, r *http.Request) {
	data, ct, err := web.Lookup(r.URL.Path)
	if err != nil {
		writeFailure(w, "", failure{http.StatusNotFound, "not-found", "The console has no file " + r.URL.Path + ".", "Open / in a browser."}, nil)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(data)
}

// handleOpenAPI serves an API's document as JSON for the Contract view.
func (p *Proxy) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/__console/openapi/")
	for _, d := range p.specs.Docs {
		if string(d.API) != name {
			continue
		}
		t, err := d.OpenAPI()
		if err != nil {
			p.log.Error("loading an OpenAPI document", "api", name, "error", err.Error())
			writeFailure(w, "", failure{http.StatusInternalServerError, "internal", "The document could not be loaded.", ""}, nil)
			return
		}
		writeJSON(w, t)
		return
	}
	writeFailure(w, "", failure{http.StatusNotFound, "not-found", fmt.Sprintf("There is no API %q.", name), "Use mobproc or mobile."}, nil)
}

// handleTraffic lists the exchanges the proxy judged, newest first,
// optionally of one API (api=mobproc|mobile) and one status (status=2xx,
// 4xx, 5xx or an exact status), at most limit (1 to 1000, default 100).
// The page's tenant parameter is accepted and ignored: the proxy shows all
// its traffic.
func (p *Proxy) handleTraffic(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := 100
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			writeFailure(w, "", failure{http.StatusBadRequest, CodeInvalidParameter, "The query parameter limit must be a whole number from 1 to 1000.", "For example limit=20."}, nil)
			return
		}
		limit = n
	}
	api, status := q.Get("api"), q.Get("status")
	if api != "" && api != string(schemas.MOBPROC) && api != string(schemas.Mobile) {
		writeFailure(w, "", failure{http.StatusBadRequest, CodeInvalidParameter, fmt.Sprintf("The query parameter api must be mobproc or mobile, not %q.", api), "Leave it out for both."}, nil)
		return
	}
	if status != "" && !validStatusFilter(status) {
		writeFailure(w, "", failure{http.StatusBadRequest, CodeInvalidParameter, fmt.Sprintf("The query parameter status must be 2xx, 3xx, 4xx, 5xx or a status such as 404, not %q.", status), "Leave it out for any."}, nil)
		return
	}
	slots := p.journal.slots(limit, func(s *slot) bool {
		return (api == "" || string(s.kept.api) == api) && (status == "" || statusMatches(s.entry.Status, status))
	})
	out := make([]consoleExchange, 0, len(slots))
	for _, s := range slots {
		e := s.entry
		pth, query, _ := strings.Cut(e.Path, "?")
		out = append(out, consoleExchange{ID: strconv.FormatUint(e.Seq, 10), Time: e.Time, Method: e.Method, Path: pth, Query: redact.Query(query),
			API: string(s.kept.api), Operation: e.Operation, Status: e.Status, DurationMS: e.DurationMS, Errors: e.Violations, Warnings: e.Warnings,
			Request: newMessage(s.kept.reqHeader, s.kept.reqBody), Response: newMessage(s.kept.resHeader, s.kept.resBody)})
	}
	writeJSON(w, map[string]any{"target": p.target.String(), "requests": out})
}

// validStatusFilter reports whether s is a status class ("4xx") or a
// three-digit status.
func validStatusFilter(s string) bool {
	if len(s) != 3 {
		return false
	}
	if s[1:] == "xx" {
		return s[0] >= '1' && s[0] <= '5'
	}
	n, err := strconv.Atoi(s)
	return err == nil && n >= 100 && n <= 599
}

// statusMatches reports whether status is in the class "4xx" or equals want.
func statusMatches(status int, want string) bool {
	if strings.HasSuffix(want, "xx") {
		return strconv.Itoa(status/100) == want[:1]
	}
	return strconv.Itoa(status) == want
}

// handleValidate checks the body as `mobmock validate --format json` checks
// a file and answers the same report (schemas.WriteReport), as the mock's
// POST /__validate does: api=auto|mobproc|mobile, strict=true|false (the
// proxy's mode by default).
func (p *Proxy) handleValidate(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var api schemas.API
	switch v := q.Get("api"); v {
	case "", "auto":
	case string(schemas.MOBPROC), string(schemas.Mobile):
		api = schemas.API(v)
	default:
		writeFailure(w, "", failure{http.StatusBadRequest, CodeInvalidParameter, fmt.Sprintf("The query parameter api must be auto, mobproc or mobile, not %q.", v),
			"Leave it out to tell the API from the envelope."}, nil)
		return
	}
	mode := p.mode
	switch v := q.Get("strict"); v {
	case "":
	case "true":
		mode = schemas.Strict
	case "false":
		mode = schemas.Lenient
	default:
		writeFailure(w, "", failure{http.StatusBadRequest, CodeInvalidParameter, fmt.Sprintf("The query parameter strict must be true or false, not %q.", v),
			"Leave it out to use the mode the proxy runs in."}, nil)
		return
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, p.cfg.MaxCheck)); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeFailure(w, "", failure{http.StatusRequestEntityTooLarge, "body-too-large", fmt.Sprintf("The body is larger than the limit of %d bytes.", p.cfg.MaxCheck),
				"Send only the order or activity."}, nil)
			return
		}
		writeFailure(w, "", failure{http.StatusBadRequest, CodeInvalidJSON, "The body could not be read completely.", "Send the whole body with a correct Content-Length."}, nil)
		return
	}
	var out bytes.Buffer
	if err := schemas.WriteReport(&out, p.schemas.Report(buf.Bytes(), api, mode)); err != nil {
		p.log.Error("writing a validation report", "error", err.Error())
		writeFailure(w, "", failure{http.StatusInternalServerError, "internal", "The report could not be written.", ""}, nil)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(out.Bytes())
}
