package publish_test

import (
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"testing"

	"go.yaml.in/yaml/v4"

	"github.com/mobmock/mobmock/internal/publish"
	"github.com/mobmock/mobmock/spec"
)

// seedFile matches the name of a seed document ("004_570f8a86d52bb526.txt").
var seedFile = regexp.MustCompile(`\b\d{3}_[0-9a-f]{16}\.txt\b`)

// TestEveryPartTraced lists every path, operation, parameter and schema of
// each committed published document and checks that each either names the
// seed document and section it comes from (x-source) or is marked
// x-inferred.
func TestEveryPartTraced(t *testing.T) {
	for _, api := range publish.APIs {
		for _, r := range publish.Readings {
			p := publish.Path(api, r)
			t.Run(p, func(t *testing.T) {
				data, err := fs.ReadFile(spec.FS, p)
				if err != nil {
					t.Fatal(err)
				}
				var doc map[string]any
				if err := yaml.Unmarshal(data, &doc); err != nil {
					t.Fatal(err)
				}
				parts := map[string]map[string]any{}
				paths, _ := doc["paths"].(map[string]any)
				for path, v := range paths {
					item, _ := v.(map[string]any)
					parts["path "+path] = item
					for method, o := range item {
						op, ok := o.(map[string]any)
						if !ok || op["operationId"] == nil {
							continue
						}
						parts["operation "+method+" "+path] = op
						ps, _ := op["parameters"].([]any)
						for _, x := range ps {
							if pm, ok := x.(map[string]any); ok && pm["$ref"] == nil {
								parts["parameter "+method+" "+path+" "+pm["name"].(string)] = pm
							}
						}
					}
				}
				comps, _ := doc["components"].(map[string]any)
				for _, section := range []string{"parameters", "schemas"} {
					named, _ := comps[section].(map[string]any)
					for name, v := range named {
						m, _ := v.(map[string]any)
						parts[section+" "+name] = m
					}
				}
				counts := map[string]int{}
				var bad []string
				for key, m := range parts {
					counts[regexp.MustCompile(`^\w+`).FindString(key)]++
					src, _ := m["x-source"].(string)
					inf, _ := m["x-inferred"].(bool)
					switch {
					case inf && src != "":
						bad = append(bad, key+" (both x-source and x-inferred)")
					case !inf && !seedFile.MatchString(src):
						bad = append(bad, key)
					}
				}
				// x-inferred-values names values of the enum beside it.
				var walk func(where string, v any)
				walk = func(where string, v any) {
					switch v := v.(type) {
					case map[string]any:
						if iv, ok := v["x-inferred-values"].([]any); ok {
							enum, _ := v["enum"].([]any)
							for _, x := range iv {
								if !slices.Contains(enum, x) {
									t.Errorf("%s: x-inferred-values %v is not in its enum", where, x)
								}
							}
						}
						for k, x := range v {
							walk(where+"/"+k, x)
						}
					case []any:
						for _, x := range v {
							walk(where, x)
						}
					}
				}
				walk("components", comps)
				sort.Strings(bad)
				for _, b := range bad {
					t.Errorf("%s: neither x-source naming a seed document nor x-inferred (see spec/provenance.yaml)", b)
				}
				for _, kind := range []string{"path", "operation", "parameters", "schemas"} {
					if counts[kind] < 10 {
						t.Errorf("found %d %s parts; the document has more", counts[kind], kind)
					}
				}
			})
		}
	}
}
