package main

// pythonHost: SDK and program generation only, for now (`pulumi package
// gen-sdk --language python`). Running Python programs is not implemented;
// the engine reports the gRPC "unimplemented" error if asked to.
type pythonHost struct {
	*baseHost
}
