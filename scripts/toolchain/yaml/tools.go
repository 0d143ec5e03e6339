//go:build tools

// The command toolchain.sh builds; importing it keeps `go mod tidy` honest.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
