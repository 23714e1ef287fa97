package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
)

func TestServeDeveloperFlags(t *testing.T) {
	tests := []struct {
		name     string
		env      map[string]string
		args     []string
		wantCORS []string
		wantErr  string
	}{
		{name: "CORS open on loopback by default", wantCORS: []string{"*"}},
		{name: "CORS closed off loopback by default", args: []string{"--addr", "0.0.0.0:8080"}},
		{name: "CORS opened off loopback", args: []string{"--addr", "0.0.0.0:8080", "--cors", "*"}, wantCORS: []string{"*"}},
		{name: "CORS origins from the environment", env: map[string]string{"MOBMOCK_CORS": "http://localhost:3000/, https://app.test"},
			wantCORS: []string{"http://localhost:3000", "https://app.test"}},
		{name: "CORS off on loopback", args: []string{"--cors", "none"}},
		{name: "a latency", args: []string{"--latency", "tail:50ms..2s"}, wantCORS: []string{"*"}},
		{name: "a bad latency", env: map[string]string{"MOBMOCK_LATENCY": "soon"}, wantErr: `latency "soon"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &serveCmd{}
			fs := c.flags()
			err := applyEnv(fs, func(k string) string { return tt.env[k] })
			if err == nil {
				err = parseFlags(fs, env{stderr: &bytes.Buffer{}}, tt.args)
			}
			if err == nil {
				err = c.cfg.check()
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want it to mention %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := c.cfg.corsOrigins(); strings.Join(got, " ") != strings.Join(tt.wantCORS, " ") {
				t.Errorf("CORS origins %q, want %q", got, tt.wantCORS)
			}
		})
	}
}

// TestConformSeesFaults: the conformance run against a mock with a fault
// profile reports the injected faults as failures, and is green without one.
func TestConformSeesFaults(t *testing.T) {
	tests := []struct {
		name    string
		profile string
		code    int
		mention string
	}{
		{name: "no faults", code: 0},
		{name: "an error status", profile: `{"rules":[{"path":"/mobproc/v1/orders","fault":"status","status":503}]}`, code: 1, mention: "503"},
		{name: "connection resets", profile: `{"rules":[{"operation":"createOrder","fault":"reset"}]}`, code: 1, mention: "reset"},
		{name: "cut bodies", profile: `{"rules":[{"method":"POST","fault":"cut"}]}`, code: 1, mention: "EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := mock.Config{}
			if tt.profile != "" {
				p, err := mock.ParseFaults([]byte(tt.profile))
				if err != nil {
					t.Fatal(err)
				}
				cfg.Faults = p
			}
			s := mocktest.Start(t, cfg)
			code, out, errOut := runCmd(t, context.Background(), "", nil, "conform", "--target", s.URL, "--allow-writes", "--run", "^mobproc/suspend/")
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s\n%s", code, tt.code, out, errOut)
			}
			if tt.code == 0 {
				if !regexp.MustCompile(`(?m)^\d+ passed, 0 failed, 0 skipped$`).MatchString(out) {
					t.Errorf("not green:\n%s", out)
				}
				return
			}
			if !regexp.MustCompile(`(?m)^\d+ passed, [1-9]\d* failed`).MatchString(out) || !strings.Contains(out+errOut, tt.mention) {
				t.Errorf("the faults are not reported as failures mentioning %q:\n%s\n%s", tt.mention, out, errOut)
			}
		})
	}
}
