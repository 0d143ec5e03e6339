//go:build ignore

// gen.go stamps the provider version into the schema the provider module
// ships and compacts both JSON files for embedding.
//
//	go run gen.go <provider-module-dir> <version>
package main

import (
	"encoding/json"
	"log"
	"os"
	"path/filepath"

	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

func main() {
	if len(os.Args) != 3 {
		log.Fatal("usage: go run gen.go <provider-module-dir> <version>")
	}
	src := filepath.Join(os.Args[1], "cmd", "pulumi-resource-kubernetes")

	raw, err := os.ReadFile(filepath.Join(src, "schema.json"))
	if err != nil {
		log.Fatal(err)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		log.Fatalf("schema.json: %v", err)
	}
	spec.Version = os.Args[2]
	out, err := json.Marshal(spec)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("schema-embed.json", out, 0o644); err != nil {
		log.Fatal(err)
	}

	raw, err = os.ReadFile(filepath.Join(src, "terraform-mapping.json"))
	if err != nil {
		log.Fatal(err)
	}
	var mapping any
	if err := json.Unmarshal(raw, &mapping); err != nil {
		log.Fatalf("terraform-mapping.json: %v", err)
	}
	if out, err = json.Marshal(mapping); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("terraform-mapping-embed.json", out, 0o644); err != nil {
		log.Fatal(err)
	}
}
