package mock

import (
	"log/slog"
	"time"

	"github.com/mobmock/mobmock/mock/store"
	"github.com/mobmock/mobmock/mock/world"
)

// Auth modes.
const (
	// AuthOff serves requests without a token (the default).
	AuthOff = "off"
	// AuthRequired answers 401 to requests without a valid bearer token.
	AuthRequired = "required"
)

// Config is what a Server is built from. The zero value serves the embedded
// world in lenient mode with auth off and the admin API off.
type Config struct {
	// Strict holds requests to the strict reading of the contract.
	Strict bool
	// Auth is AuthOff or AuthRequired.
	Auth string
	// Advance moves every open order and activity one lifecycle step each
	// time it elapses; zero means they move only through the admin API.
	Advance time.Duration
	// World is the seeded world; nil uses the embedded one.
	World *world.World
	// Store keeps tenants' state; nil uses the store State names.
	Store store.Store
	// State names where tenants' state is kept when Store is nil:
	// "memory" or "" (in memory, the default), "file:PATH" (an embedded
	// database) or "postgres://..." (PostgreSQL, shared by replicas); see
	// store.Open. Close the Server to close it.
	State string
	// Logger receives one line per request; nil discards them.
	Logger *slog.Logger
	// Now is the clock; nil uses time.Now.
	Now func() time.Time
	// IDs is the random source for each tenant's first ids; nil uses
	// crypto/rand. Tests set it to get repeatable ids.
	IDs func() uint64
	// Admin enables the admin API under /__admin/.
	Admin bool
	// AdminToken, when set, enables the admin API and requires
	// "Authorization: Bearer <AdminToken>" on it.
	AdminToken string
	// MaxBody is the largest request body accepted, in bytes (default 1 MiB).
	MaxBody int64
	// TokenTTL is how long an issued access token lives (default 1 hour).
	TokenTTL time.Duration
	// JournalSize is how many recent requests the journal keeps (default 200).
	JournalSize int
}

func (c *Config) defaults() {
	if c.Auth == "" {
		c.Auth = AuthOff
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.MaxBody <= 0 {
		c.MaxBody = 1 << 20
	}
	if c.TokenTTL <= 0 {
		c.TokenTTL = time.Hour
	}
	if c.JournalSize <= 0 {
		c.JournalSize = 200
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.AdminToken != "" {
		c.Admin = true
	}
}
