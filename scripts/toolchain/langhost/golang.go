package main

// goHost: SDK and program generation only, for now (`pulumi package gen-sdk
// --language go`). Running Go programs is not implemented.
type goHost struct {
	*baseHost
}
