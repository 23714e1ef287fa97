package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The file backend keeps everything in one bbolt file: a bucket per tenant
// under "tenants", holding the head under "head" and the rows in the
// "rows" bucket (key: kind byte + key; value: 8-byte seq + data), and the
// schema version and version sequence under "meta". bbolt commits with an
// fsync and locks the file, so one process owns it.
var (
	bucketMeta    = []byte("meta")
	bucketTenants = []byte("tenants")
	bucketRows    = []byte("rows")
	keyHead       = []byte("head")
	keySchema     = []byte("schema")
	keySequence   = []byte("sequence")
)

// boltSchema is the file format's version this binary writes.
const boltSchema = 1

type boltBackend struct{ db *bolt.DB }

func openBolt(path string) (*boltBackend, error) {
	if path == "" {
		return nil, errors.New("file: needs a path (file:/var/lib/mobmock/state.db)")
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, unavailable("opening "+path, errors.New("another process has it open (one mobmock per file; use PostgreSQL for replicas)"))
		}
		return nil, unavailable("opening "+path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		m, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		if _, err := tx.CreateBucketIfNotExists(bucketTenants); err != nil {
			return err
		}
		if v := m.Get(keySchema); v != nil {
			if n := binary.BigEndian.Uint64(v); n > boltSchema {
				return fmt.Errorf("%w: %s has format %d, this binary knows up to %d; run a newer mobmock", ErrTooNew, path, n, boltSchema)
			}
		}
		return m.Put(keySchema, binary.BigEndian.AppendUint64(nil, boltSchema))
	})
	if err != nil {
		db.Close()
		if errors.Is(err, ErrTooNew) {
			return nil, err
		}
		return nil, unavailable("preparing "+path, err)
	}
	return &boltBackend{db: db}, nil
}

func (b *boltBackend) begin(_ context.Context, tenant string, write bool) (unit, error) {
	tx, err := b.db.Begin(write)
	if err != nil {
		return nil, err
	}
	return &boltUnit{tx: tx, tenant: []byte(tenant)}, nil
}

// peek is not used: one process owns the file.
func (b *boltBackend) peek(ctx context.Context, tenant string) (head, bool, error) {
	u, err := b.begin(ctx, tenant, false)
	if err != nil {
		return head{}, false, err
	}
	defer u.rollback()
	return u.head()
}

func (b *boltBackend) tenants(context.Context) ([]string, error) {
	var out []string
	err := b.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketTenants).ForEachBucket(func(k []byte) error {
			out = append(out, string(k))
			return nil
		})
	})
	return out, err
}

func (b *boltBackend) reset(_ context.Context, tenant string) (bool, error) {
	existed := false
	err := b.db.Update(func(tx *bolt.Tx) error {
		err := tx.Bucket(bucketTenants).DeleteBucket([]byte(tenant))
		if errors.Is(err, bolt.ErrBucketNotFound) {
			return nil
		}
		existed = err == nil
		return err
	})
	return existed, err
}

func (b *boltBackend) resetAll(context.Context) error {
	return b.db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketTenants); err != nil {
			return err
		}
		_, err := tx.CreateBucket(bucketTenants)
		return err
	})
}

func (b *boltBackend) close() error { return b.db.Close() }

type boltUnit struct {
	tx     *bolt.Tx
	tenant []byte
	done   bool
}

func (u *boltUnit) bucket() *bolt.Bucket { return u.tx.Bucket(bucketTenants).Bucket(u.tenant) }

func (u *boltUnit) head() (head, bool, error) {
	b := u.bucket()
	if b == nil {
		return head{}, false, nil
	}
	var h head
	if err := json.Unmarshal(b.Get(keyHead), &h); err != nil {
		return head{}, false, fmt.Errorf("decoding the tenant's head: %w", err)
	}
	return h, true, nil
}

func (u *boltUnit) rows(since int64) ([]row, error) {
	b := u.bucket()
	if b == nil {
		return nil, nil
	}
	rb := b.Bucket(bucketRows)
	if rb == nil {
		return nil, nil
	}
	var out []row
	// One process owns the file, so there are no other writers' changes:
	// since is only ever negative (a first load).
	err := rb.ForEach(func(k, v []byte) error {
		if len(k) < 1 || len(v) < 8 {
			return fmt.Errorf("a stored row is cut short")
		}
		out = append(out, row{Kind: k[0], Key: string(k[1:]), Seq: int64(binary.BigEndian.Uint64(v)), Data: bytes.Clone(v[8:])})
		return nil
	})
	return out, err
}

func (u *boltUnit) save(old head, exists bool, meta []byte, rows []row) (head, error) {
	m := u.tx.Bucket(bucketMeta)
	seq := uint64(0)
	if v := m.Get(keySequence); v != nil {
		seq = binary.BigEndian.Uint64(v)
	}
	seq++
	if err := m.Put(keySequence, binary.BigEndian.AppendUint64(nil, seq)); err != nil {
		return head{}, err
	}
	h := head{Epoch: old.Epoch, Version: int64(seq), Meta: meta}
	if !exists {
		h.Epoch = int64(seq)
	}
	b, err := u.tx.Bucket(bucketTenants).CreateBucketIfNotExists(u.tenant)
	if err != nil {
		return head{}, err
	}
	rb, err := b.CreateBucketIfNotExists(bucketRows)
	if err != nil {
		return head{}, err
	}
	for _, r := range rows {
		k := append([]byte{r.Kind}, r.Key...)
		v := binary.BigEndian.AppendUint64(make([]byte, 0, 8+len(r.Data)), uint64(r.Seq))
		if err := rb.Put(k, append(v, r.Data...)); err != nil {
			return head{}, err
		}
	}
	hb, err := json.Marshal(h)
	if err != nil {
		return head{}, err
	}
	return h, b.Put(keyHead, hb)
}

func (u *boltUnit) commit() error {
	u.done = true
	return u.tx.Commit()
}

func (u *boltUnit) rollback() {
	if !u.done {
		u.done = true
		_ = u.tx.Rollback()
	}
}
