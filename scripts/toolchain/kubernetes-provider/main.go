// Command pulumi-resource-kubernetes serves the Kubernetes provider.
//
// This is our own entry point (the upstream one needs `go generate` in its
// source tree). schema-embed.json and terraform-mapping-embed.json are written
// by gen.go from the files the provider module ships; toolchain.sh runs it.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var pulumiSchema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, pulumiSchema, terraformMapping)
}
