// Command langhost is a small Pulumi language host, installed under the names
// pulumi-language-nodejs (and, where built, pulumi-language-python and
// pulumi-language-go).
//
// Why our own: the upstream language hosts live in their own Go modules inside
// the pulumi repository, and the Go module proxy this project may use does not
// serve those modules. Everything they are made of that matters (the gRPC
// protocol, the npm helpers, the policy-pack proxy, the SDK code generators)
// is public API of github.com/pulumi/pulumi/sdk/v3 and pkg/v3, which are
// served, so this host is a thin layer over those packages. It implements what
// the end-to-end tier uses: running programs and plugins (component providers,
// policy packs), dependency discovery and installation, `pulumi about`, and
// SDK/program generation.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"google.golang.org/grpc"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

func main() {
	tracing := flag.String("tracing", "", "Emit tracing to a Zipkin-compatible endpoint (ignored)")
	language := flag.String("language", "", "nodejs, python or go (default: from the executable name)")
	// Accepted for compatibility with the upstream nodejs host; only nodejs is supported.
	runtimeName := flag.String("runtime", "nodejs", "JavaScript runtime (nodejs)")
	showVersion := flag.Bool("version", false, "Print the plugin version and exit")
	// Older engines (the pkg v3.206 libraries inside pulumi-language-yaml, when it runs this
	// repository as a plugin) pass the project root; every request carries it too.
	root := flag.String("root", "", "Project root (ignored: requests carry their directories)")
	flag.Parse()
	_, _ = tracing, root

	if *showVersion {
		fmt.Println(version.Version)
		return
	}
	logging.InitLogging(false, 0, false)

	lang := *language
	if lang == "" {
		lang = strings.TrimPrefix(filepath.Base(os.Args[0]), "pulumi-language-")
	}
	if *runtimeName != "nodejs" {
		cmdutil.Exit(fmt.Errorf("unsupported runtime %q", *runtimeName))
	}

	// The engine passes its own address as the only positional argument.
	var engineAddress string
	if args := flag.Args(); len(args) > 0 {
		engineAddress = args[0]
	}

	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	stop := make(chan bool)
	go func() {
		<-ctx.Done()
		close(stop)
	}()

	base := newBaseHost(lang, engineAddress)
	var server pulumirpc.LanguageRuntimeServer
	switch lang {
	case "nodejs":
		server = &nodeHost{baseHost: base}
	case "python":
		server = &pythonHost{baseHost: base}
	case "go":
		server = &goHost{baseHost: base}
	default:
		cmdutil.Exit(fmt.Errorf("unsupported language %q (use -language nodejs|python|go)", lang))
	}

	if engineAddress != "" {
		// Exit when the engine goes away, as every plugin must.
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, cancel); err != nil {
			cmdutil.Exit(fmt.Errorf("could not start health check: %w", err))
		}
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: stop,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, server)
			return nil
		},
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start language host: %w", err))
	}
	// The engine reads the port from our first line of output.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("language host stopped: %w", err))
	}
}
