package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSchema(t *testing.T) {
	dir := t.TempDir()
	r := retroRun(t, dir, "schema")
	if r.code != 0 {
		t.Fatalf("code %d: %s", r.code, r.stderr)
	}
	var s struct {
		Schema     string `json:"$schema"`
		Properties map[string]struct {
			Description string
			AnyOf       []struct{ Enum []string } // an optional enum, or null
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	if s.Schema != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema %q", s.Schema)
	}
	if sev := s.Properties["severity"].AnyOf[0].Enum; !slices.Equal(sev, []string{"SEV1", "SEV2", "SEV3", "SEV4"}) {
		t.Errorf("default severities: %v", sev)
	}

	// The site's own severities, from its site.yaml.
	writeFile(t, filepath.Join(dir, "site/site.yaml"), "severities: [P0, P1]\n")
	r = retroRun(t, dir, "schema", "--source", "site")
	if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	if sev := s.Properties["severity"].AnyOf[0].Enum; !slices.Equal(sev, []string{"P0", "P1"}) {
		t.Errorf("site severities: %v", sev)
	}

	// A broken site.yaml is reported where it is broken.
	writeFile(t, filepath.Join(dir, "site/site.yaml"), "severities: P0\n")
	if r := retroRun(t, dir, "schema", "--source", "site"); r.code != 1 || !strings.HasPrefix(r.stderr, "site.yaml:1:13: severities must be a list, not \"P0\"\n") {
		t.Errorf("broken site.yaml: code %d, %q", r.code, r.stderr)
	}
	if r := retroRun(t, dir, "schema", "extra"); r.code != 2 {
		t.Errorf("extra argument: code %d", r.code)
	}
}
