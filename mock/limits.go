package mock

import (
	"errors"
	"fmt"

	"github.com/mobmock/mobmock/mock/internal/op"
)

// tenantsFull words op.TenantsFull, the refusal of a new tenant when the
// store holds Config.MaxTenants and none has been idle for
// Config.IdleTenant: 503 too-many-tenants with Retry-After. It returns err
// unchanged when it is something else.
func (s *Server) tenantsFull(err error, res op.Result) (op.Result, error) {
	var full *op.TenantsFull
	if !errors.As(err, &full) {
		return res, err
	}
	res.Header = map[string]string{"Retry-After": fmt.Sprint(retryAfter(full.Wait))}
	return res, op.Fail(op.CodeTooManyTenants, fmt.Sprintf("The mock holds state for %d tenants, its limit, and none has been idle for %s.", s.cfg.MaxTenants, s.cfg.IdleTenant),
		"Retry later, reuse a tenant, reset one (POST /__admin/tenants/{tenant}/reset), or start the mock with a higher --max-tenants.")
}
