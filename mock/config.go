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

// Defaults of the limits on state, for a sandbox shared by many users and
// CI jobs (the conformance suite uses a fresh tenant per case): 5,000
// tenants, 10,000 orders and activities each (an activity takes about 9 KB,
// an order about 4 KB).
const (
	DefaultMaxTenants          = 5_000
	DefaultMaxRecordsPerTenant = 10_000
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
	// CORS lists the origins browser apps may call the mock from ("*" for
	// any, "http://localhost:3000" for one); empty turns CORS off.
	CORS []string
	// Latency delays every API answer (see ParseLatency), except where a
	// rule of Faults sets its own.
	Latency string
	// Faults is the run's fault profile (see ParseFaults); the admin API can
	// replace it, or give a tenant its own.
	Faults *FaultProfile
	// JournalBytes bounds the journal's memory, in bytes (default 4 MiB):
	// the oldest entries go first when it is exceeded.
	JournalBytes int
	// RedirectURIs are the redirect URIs the implicit flow may send a
	// token to, beside loopback http URIs (always allowed). A redirect_uri
	// matches one when it is the same URI, or the same with a query.
	RedirectURIs []string
	// MaxTokens bounds the table of issued access tokens (default 10,000):
	// when it is full, expired and then the oldest tokens are forgotten.
	MaxTokens int
	// MaxTenants bounds the tenants that have state (default 5,000). A
	// write for a new tenant when the table is full forgets the tenant
	// that has been idle longest, if it has been idle at least IdleTenant;
	// else it is refused with 503 and Retry-After.
	MaxTenants int
	// IdleTenant is how long a tenant must have been unused before it may
	// be forgotten to make room (default 10 minutes).
	IdleTenant time.Duration
	// BodyTimeout is how long Limit gives a request body to arrive before
	// the request takes an in-flight slot (default 10 seconds; 408 past it).
	BodyTimeout time.Duration
	// MaxRecordsPerTenant bounds the orders and activities one tenant
	// stores (default 10,000); past it a submission or activity creation
	// is refused with 507 and a hint.
	MaxRecordsPerTenant int
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
	if c.JournalBytes <= 0 {
		c.JournalBytes = 4 << 20
	}
	if c.MaxTokens <= 0 {
		c.MaxTokens = 10_000
	}
	if c.MaxTenants <= 0 {
		c.MaxTenants = DefaultMaxTenants
	}
	if c.IdleTenant <= 0 {
		c.IdleTenant = 10 * time.Minute
	}
	if c.BodyTimeout <= 0 {
		c.BodyTimeout = BodyTimeout
	}
	if c.MaxRecordsPerTenant <= 0 {
		c.MaxRecordsPerTenant = DefaultMaxRecordsPerTenant
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.AdminToken != "" {
		c.Admin = true
	}
}
