//go:build tools

// The commands toolchain.sh builds; importing them keeps `go mod tidy` honest.
package tools

import (
	_ "sigs.k8s.io/kwok/cmd/kwok"
	_ "sigs.k8s.io/kwok/cmd/kwokctl"
)
