// Package world owns the seeded world the mock serves: every entity the
// documents mention (employees, service assets and their devices, the
// catalog, manufacturers, regions, vendors, order property definitions;
// people, lines, carriers, countries, business devices, plans and features,
// accessories, devices and program memberships), with their documented ids
// and values, plus deterministic generated records so that lookups have
// several pages. Its Defaults name the fixed points the mock falls back on
// (the default user, the region and vendor of an order that names none,
// the carrier account of a new line), so no id is written into the mock's
// logic.
//
// A World is immutable once built and shared by every tenant. A tenant's
// changes (a suspended service, a reassigned line, a new service after an
// activation) live in a State, a copy-on-write overlay over the World, so
// tenants never see each other's changes and cost memory only for what they
// change.
//
// The package knows nothing of HTTP or of how tenants' states are stored.
package world
