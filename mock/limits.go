package mock

import (
	"errors"
	"fmt"

	"github.com/mobmock/mobmock/mock/store"
)

// create is write for a request that stores a new order or activity: it
// refuses one past Config.MaxRecordsPerTenant (507, with a hint), and a new
// tenant when the store holds Config.MaxTenants and none has been idle
// long enough to forget (503, with Retry-After). Refusing keeps what was
// acknowledged: the mock never drops a stored order or activity to make
// room, and forgets a whole tenant only when it has been idle for
// Config.IdleTenant, as a reset would.
func (s *Server) create(tenant string, fn func(*store.Tenant) error) error {
	err := s.write(tenant, func(t *store.Tenant) error {
		if n := t.OrderCount() + t.ActivityCount(); n >= s.cfg.MaxRecordsPerTenant {
			return failf(codeTooManyRecords,
				"Reset the tenant (POST /__admin/tenants/"+tenant+"/reset), use another tenant, or start the mock with a higher --max-records-per-tenant.",
				"The tenant %s stores %d orders and activities, the most the mock keeps for one tenant.", tenant, n)
		}
		return fn(t)
	})
	var full *store.FullError
	if errors.As(err, &full) {
		e := fail(codeTooManyTenants, fmt.Sprintf("The mock holds state for %d tenants, its limit, and none has been idle for %s.", s.cfg.MaxTenants, s.cfg.IdleTenant),
			"Retry later, reuse a tenant, reset one (POST /__admin/tenants/{tenant}/reset), or start the mock with a higher --max-tenants.")
		e.retryAfter = retryAfter(full.Wait)
		return e
	}
	return err
}
