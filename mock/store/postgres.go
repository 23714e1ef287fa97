package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// migrations are the PostgreSQL schema, one step per entry; the schema's
// version is how many have run. Never change a step that shipped: add one.
var migrations = []string{
	`CREATE SEQUENCE mobmock_version;
	 CREATE TABLE mobmock_tenants (
		name    text PRIMARY KEY,
		epoch   bigint NOT NULL,
		version bigint NOT NULL,
		meta    bytea NOT NULL
	 );
	 CREATE TABLE mobmock_rows (
		tenant  text NOT NULL,
		kind    text NOT NULL,
		key     text NOT NULL,
		seq     bigint NOT NULL,
		version bigint NOT NULL,
		data    bytea NOT NULL,
		PRIMARY KEY (tenant, kind, key)
	 );
	 CREATE INDEX mobmock_rows_version ON mobmock_rows (tenant, version);`,
}

// migrateLock is the advisory lock that serialises migrations of replicas
// starting together.
const migrateLock = 0x6d6f626d6f636b // "mobmock"

type pgBackend struct{ pool *pgxpool.Pool }

func openPostgres(ctx context.Context, url string) (*pgBackend, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("the PostgreSQL URL is not usable: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, unavailable("connecting to PostgreSQL", err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	return &pgBackend{pool: pool}, nil
}

// migrate runs the migrations the database has not had, under a lock, and
// refuses a database whose schema is newer than this binary's.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return unavailable("connecting to PostgreSQL", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, int64(migrateLock)); err != nil {
		return unavailable("locking the schema", err)
	}
	defer conn.Exec(context.Background(), `SELECT pg_advisory_unlock($1)`, int64(migrateLock)) //nolint:errcheck // the session's end releases it too
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS mobmock_schema (version int NOT NULL)`); err != nil {
		return unavailable("creating the schema table", err)
	}
	var version int
	if err := conn.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM mobmock_schema`).Scan(&version); err != nil {
		return unavailable("reading the schema version", err)
	}
	if version > len(migrations) {
		return fmt.Errorf("%w: its schema is version %d, this binary knows up to %d; run a newer mobmock", ErrTooNew, version, len(migrations))
	}
	for i := version; i < len(migrations); i++ {
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, migrations[i]); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO mobmock_schema (version) VALUES ($1)`, i+1)
			return err
		})
		if err != nil {
			return fmt.Errorf("migrating the schema to version %d: %w", i+1, err)
		}
	}
	return nil
}

// tenantLock takes the tenant's transaction-scoped advisory lock.
const tenantLock = `SELECT pg_advisory_xact_lock(hashtextextended('mobmock:' || $1, 0))`

func (b *pgBackend) begin(ctx context.Context, tenant string, write bool) (unit, error) {
	opts := pgx.TxOptions{}
	if !write {
		// One snapshot for the head and the rows.
		opts = pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}
	}
	tx, err := b.pool.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	if write {
		if _, err := tx.Exec(ctx, tenantLock, tenant); err != nil {
			_ = tx.Rollback(ctx)
			return nil, err
		}
	}
	return &pgUnit{ctx: ctx, tx: tx, tenant: tenant}, nil
}

func (b *pgBackend) peek(ctx context.Context, tenant string) (head, bool, error) {
	var h head
	err := b.pool.QueryRow(ctx, `SELECT epoch, version FROM mobmock_tenants WHERE name = $1`, tenant).Scan(&h.Epoch, &h.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return head{}, false, nil
	}
	return h, err == nil, err
}

func (b *pgBackend) tenants(ctx context.Context) ([]string, error) {
	rows, err := b.pool.Query(ctx, `SELECT name FROM mobmock_tenants ORDER BY name`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

func (b *pgBackend) reset(ctx context.Context, tenant string) (bool, error) {
	existed := false
	err := pgx.BeginFunc(ctx, b.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, tenantLock, tenant); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM mobmock_rows WHERE tenant = $1`, tenant); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM mobmock_tenants WHERE name = $1`, tenant)
		existed = tag.RowsAffected() > 0
		return err
	})
	return existed, err
}

func (b *pgBackend) resetAll(ctx context.Context) error {
	return pgx.BeginFunc(ctx, b.pool, func(tx pgx.Tx) error {
		// Lock every tenant's row first, so that no Update is half-way.
		if _, err := tx.Exec(ctx, `LOCK TABLE mobmock_tenants, mobmock_rows IN EXCLUSIVE MODE`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM mobmock_rows; DELETE FROM mobmock_tenants`)
		return err
	})
}

func (b *pgBackend) close() error {
	b.pool.Close()
	return nil
}

type pgUnit struct {
	ctx    context.Context
	tx     pgx.Tx
	tenant string
	done   bool
}

func (u *pgUnit) head() (head, bool, error) {
	var h head
	err := u.tx.QueryRow(u.ctx, `SELECT epoch, version, meta FROM mobmock_tenants WHERE name = $1`, u.tenant).Scan(&h.Epoch, &h.Version, &h.Meta)
	if errors.Is(err, pgx.ErrNoRows) {
		return head{}, false, nil
	}
	return h, err == nil, err
}

func (u *pgUnit) rows(since int64) ([]row, error) {
	rows, err := u.tx.Query(u.ctx, `SELECT kind, key, seq, data FROM mobmock_rows WHERE tenant = $1 AND version > $2 ORDER BY kind, seq`, u.tenant, since)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (row, error) {
		var x row
		var kind string
		err := r.Scan(&kind, &x.Key, &x.Seq, &x.Data)
		if len(kind) > 0 {
			x.Kind = kind[0]
		}
		return x, err
	})
}

func (u *pgUnit) save(old head, exists bool, meta []byte, rows []row) (head, error) {
	h := head{Epoch: old.Epoch, Meta: meta}
	if err := u.tx.QueryRow(u.ctx, `SELECT nextval('mobmock_version')`).Scan(&h.Version); err != nil {
		return head{}, err
	}
	if exists {
		tag, err := u.tx.Exec(u.ctx, `UPDATE mobmock_tenants SET version = $2, meta = $3 WHERE name = $1 AND epoch = $4`, u.tenant, h.Version, meta, old.Epoch)
		if err != nil {
			return head{}, err
		}
		if tag.RowsAffected() != 1 {
			// A reset of every tenant came between reading the head and
			// writing it: this change is refused, and the tenant read again.
			return head{}, errors.New("the tenant was reset while it was being changed")
		}
	} else {
		h.Epoch = h.Version
		if _, err := u.tx.Exec(u.ctx, `INSERT INTO mobmock_tenants (name, epoch, version, meta) VALUES ($1, $2, $2, $3)`, u.tenant, h.Version, meta); err != nil {
			return head{}, err
		}
	}
	if len(rows) == 0 {
		return h, nil
	}
	var batch pgx.Batch
	for _, r := range rows {
		batch.Queue(`INSERT INTO mobmock_rows (tenant, kind, key, seq, version, data) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (tenant, kind, key) DO UPDATE SET seq = excluded.seq, version = excluded.version, data = excluded.data`,
			u.tenant, string([]byte{r.Kind}), r.Key, r.Seq, h.Version, r.Data)
	}
	if err := u.tx.SendBatch(u.ctx, &batch).Close(); err != nil {
		return head{}, err
	}
	return h, nil
}

func (u *pgUnit) commit() error {
	u.done = true
	return u.tx.Commit(u.ctx)
}

func (u *pgUnit) rollback() {
	if !u.done {
		u.done = true
		_ = u.tx.Rollback(context.Background())
	}
}

// isPostgres reports whether state names PostgreSQL.
func isPostgres(state string) bool {
	return strings.HasPrefix(state, "postgres://") || strings.HasPrefix(state, "postgresql://")
}
