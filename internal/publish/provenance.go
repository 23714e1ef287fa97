package publish

import (
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/mobmock/mobmock/internal/jsonpatch"
	"github.com/mobmock/mobmock/schemas"
)

// ProvenanceFile is the file of the spec folder that says where each part
// of the published documents comes from.
const ProvenanceFile = "provenance.yaml"

// provenance is one API's part of ProvenanceFile: by key ("path /orders",
// "operation createOrder", "parameter Tenant", "schema mobproc/common.json",
// "schema mobproc/lookups.json#/$defs/services"), the seed section the part
// comes from, or why it is inferred.
type provenance struct {
	Sources  map[string]string `yaml:"sources"`
	Inferred map[string]string `yaml:"inferred"`
	// Values lists, by schema key and JSON pointer into it
	// ("mobproc/responses.json#/$defs/orderStatus" or
	// "mobproc/common.json#/$defs/addressLine /properties/id"), the values
	// of an enum that no seed shows.
	Values map[string][]string `yaml:"values"`
}

func readProvenance(specFS fs.FS, api schemas.API) (provenance, error) {
	data, err := fs.ReadFile(specFS, ProvenanceFile)
	if err != nil {
		return provenance{}, err
	}
	var all map[string]provenance
	if err := yaml.Unmarshal(data, &all); err != nil {
		return provenance{}, fmt.Errorf("%s: %w", ProvenanceFile, err)
	}
	p := all[string(api)]
	for k := range p.Sources {
		if _, both := p.Inferred[k]; both {
			return provenance{}, fmt.Errorf("%s: %s %q is both sourced and inferred", ProvenanceFile, api, k)
		}
	}
	return p, nil
}

// traced reports whether a part of a document already says where it comes
// from.
func traced(m map[string]any) bool {
	_, src := m["x-source"]
	inf, _ := m["x-inferred"].(bool)
	return src || inf
}

// trace marks every path, operation, parameter and schema component of a
// published document with x-source (the seed section) or x-inferred, from
// the part's own source or ProvenanceFile. It returns an error listing the
// parts nothing traces and the entries that name no part.
func (b *builder) trace(root map[string]any, p provenance) error {
	used := map[string]bool{}
	var missing []string
	apply := func(key string, m map[string]any, inherit map[string]any) {
		if traced(m) {
			return
		}
		if s, ok := p.Sources[key]; ok {
			used[key] = true
			m["x-source"] = s
			return
		}
		if _, ok := p.Inferred[key]; ok {
			used[key] = true
			m["x-inferred"] = true
			return
		}
		if inherit != nil && traced(inherit) {
			if s, ok := inherit["x-source"]; ok {
				m["x-source"] = s
			} else {
				m["x-inferred"] = true
			}
			return
		}
		missing = append(missing, key)
	}
	comps, _ := root["components"].(map[string]any)
	params, _ := comps["parameters"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(params)) {
		if m, ok := params[name].(map[string]any); ok {
			apply("parameter "+name, m, nil)
		}
	}
	paths, _ := root["paths"].(map[string]any)
	for _, path := range slices.Sorted(maps.Keys(paths)) {
		item, _ := paths[path].(map[string]any)
		apply("path "+path, item, nil)
		for _, method := range slices.Sorted(maps.Keys(item)) {
			op, ok := item[method].(map[string]any)
			id, _ := op["operationId"].(string)
			if !ok || id == "" {
				continue
			}
			apply("operation "+id, op, item)
			ps, _ := op["parameters"].([]any)
			for _, x := range ps {
				if pm, ok := x.(map[string]any); ok && pm["$ref"] == nil {
					apply(fmt.Sprintf("parameter %s.%v", id, pm["name"]), pm, nil)
				}
			}
		}
	}
	schemasSec, _ := comps["schemas"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(schemasSec)) {
		m, _ := schemasSec[name].(map[string]any)
		k, _ := m["x-mobmock-schema"].(string)
		file, _, _ := strings.Cut(k, "#")
		var inherit map[string]any
		if _, own := p.Sources["schema "+k]; !own && file != k {
			if s, ok := p.Sources["schema "+file]; ok {
				used["schema "+file] = true
				inherit = map[string]any{"x-source": s}
			}
		}
		apply("schema "+k, m, inherit)
	}
	var stale []string
	for _, entry := range slices.Sorted(maps.Keys(p.Values)) {
		if err := markValues(schemasSec, entry, p.Values[entry]); err != nil {
			stale = append(stale, fmt.Sprintf("values %s (%v)", entry, err))
		}
	}
	for _, set := range []map[string]string{p.Sources, p.Inferred} {
		for k := range set {
			if !used[k] {
				stale = append(stale, k)
			}
		}
	}
	sort.Strings(stale)
	if len(missing) > 0 || len(stale) > 0 {
		return fmt.Errorf("%s, %s: not traced to a seed section nor marked inferred: %s; entries that trace nothing (already marked, or no such part): %s",
			ProvenanceFile, b.api, strings.Join(missing, ", "), strings.Join(stale, ", "))
	}
	return nil
}

// markValues sets x-inferred-values on the enum that entry ("schema-key" or
// "schema-key pointer") names: the values no seed shows.
func markValues(comps map[string]any, entry string, vals []string) error {
	key, ptr, _ := strings.Cut(entry, " ")
	for _, c := range comps {
		m, _ := c.(map[string]any)
		if m["x-mobmock-schema"] != key {
			continue
		}
		node, err := jsonpatch.Get(m, ptr)
		if err != nil {
			return err
		}
		n, _ := node.(map[string]any)
		enum, _ := n["enum"].([]any)
		list := make([]any, 0, len(vals))
		for _, v := range vals {
			if !slices.Contains(enum, any(v)) {
				return fmt.Errorf("%q is not one of the enum's values", v)
			}
			list = append(list, v)
		}
		n["x-inferred-values"] = list
		return nil
	}
	return fmt.Errorf("no component is %s", key)
}
