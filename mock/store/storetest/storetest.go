// Package storetest gives tests the durable stores' states: a new database
// file, and a new schema of the PostgreSQL database MOBMOCK_TEST_POSTGRES
// names (the test is skipped, saying how to run it, when it is not set).
package storetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// PostgresEnv names the PostgreSQL database the tests use.
const PostgresEnv = "MOBMOCK_TEST_POSTGRES"

// File returns the --state of a new database file, removed at the end. It
// is on /dev/shm where there is one: a commit's fsync is what a durable
// store costs on a disk, and there it does not make a suite take seconds.
func File(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if d, err := os.MkdirTemp("/dev/shm", "mobmock-test-"); err == nil {
		dir = d
		t.Cleanup(func() { os.RemoveAll(d) })
	}
	return "file:" + filepath.Join(dir, "state.db")
}

var schemas atomic.Int64

// Postgres returns the --state of a new, empty schema of the database
// MOBMOCK_TEST_POSTGRES names, dropped at the end, or skips the test when
// the variable is not set.
func Postgres(t testing.TB) string {
	t.Helper()
	url := os.Getenv(PostgresEnv)
	if url == "" {
		t.Skipf("PostgreSQL tests skipped: set %s=postgres://root@127.0.0.1:5432/test?sslmode=disable to run them", PostgresEnv)
	}
	ctx := context.Background()
	schema := fmt.Sprintf("mobmock_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano(), schemas.Add(1))
	exec := func(sql string) error {
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			return fmt.Errorf("%s=%s: %w", PostgresEnv, url, err)
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, sql)
		return err
	}
	if err := exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Error(err)
		}
	})
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	return url + sep + "search_path=" + schema
}
