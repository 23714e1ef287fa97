package main

import (
	"bytes"
	"strings"
	"testing"
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
