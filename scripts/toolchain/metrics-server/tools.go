//go:build tools

// The command toolchain.sh builds; importing it keeps `go mod tidy` honest.
package tools

import _ "sigs.k8s.io/metrics-server/cmd/metrics-server"
