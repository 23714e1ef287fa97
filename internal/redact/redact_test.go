package redact

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSecretName(t *testing.T) {
	for name, want := range map[string]bool{
		"Authorization": true, "Proxy-Authorization": true, "Cookie": true, "Set-Cookie": true, "X-Api-Key": true,
		"X-Api_Key": true, "Ocp-Apim-Subscription-Key": true, "X-Auth-Token": true, "access_token": true, "X-Client-Secret": true,
		"X-Session-Id": true, "password": true, "pin": true, "auth": true,
		"X-Tngo-Tenant": false, "client_id": false, "Content-Type": false, "Idempotency-Key": false, "Keep-Alive": false,
		"employee_id": false, "author": false, "spinner": false,
	} {
		if got := SecretName(name); got != want {
			t.Errorf("SecretName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestHeadersAndQuery(t *testing.T) {
	h := http.Header{
		"Authorization":       {"Bearer mm_abc"},
		"Proxy-Authorization": {"Basic cHJveHk=", "token-without-scheme"},
		"Cookie":              {"theme=dark; session=S"},
		"X-Api-Key":           {"k1", "k2"},
		"Accept":              {"application/json", "text/plain"},
	}
	want := map[string]string{
		"Authorization": "Bearer …", "Proxy-Authorization": "Basic …, …", "Cookie": "…", "X-Api-Key": "…",
		"Accept": "application/json, text/plain",
	}
	if diff := cmp.Diff(want, Headers(h)); diff != "" {
		t.Errorf("Headers (-want +got):\n%s", diff)
	}
	if Headers(nil) != nil {
		t.Error("Headers(nil) is not nil")
	}
	for q, want := range map[string]string{
		"":                                "",
		"confirm=true":                    "confirm=true",
		"access_token=abc&page=2":         "access_token=…&page=2",
		"page=2&api%5Fkey=abc&secret":     "page=2&api%5Fkey=…&secret=…",
		"employee_id=10000&X-Auth-Token=": "employee_id=10000&X-Auth-Token=…",
	} {
		if got := Query(q); got != want {
			t.Errorf("Query(%q) = %q, want %q", q, got, want)
		}
	}
}
