//go:build tools

// The command toolchain.sh builds; importing it keeps `go mod tidy` honest.
package tools

import (
	_ "k8s.io/autoscaler/vertical-pod-autoscaler/pkg/recommender"
)
