// cert-manager-controller: cert-manager's own controllers, run beside the local cluster.
//
// The stock binary's main and its app package live in a nested module
// (github.com/cert-manager/cert-manager/controller-binary, under cmd/controller) that the Go
// module proxy does not serve here; the controllers themselves are in the root module
// (github.com/cert-manager/cert-manager/pkg/controller/...), which it does. This main does what
// the stock app's Run does for the controllers it needs, with cert-manager's own registration
// mechanism: each controller package registers a constructor (controller.Register) in its
// init(); this program builds cert-manager's ContextFactory, runs the enabled constructors,
// starts the shared informers, and serves cert-manager's metrics and liveness endpoints.
//
// Enabled by default (the set a Certificate from a SelfSigned or CA Issuer needs):
//
//	issuers, clusterissuers                      Issuer/ClusterIssuer Ready conditions
//	certificates-trigger, -key-manager, -request-manager, -issuing, -readiness,
//	-revision-manager                            the Certificate lifecycle (status.revision)
//	certificaterequests-approver                 approves requests for cert-manager.io issuers
//	certificaterequests-issuer-selfsigned, -ca   the signers
//
// No ACME, Vault or Venafi issuers, no ingress/gateway shims, no webhook, no cainjector, no
// leader election (one instance beside a test cluster).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sync/errgroup"
	"k8s.io/klog/v2"

	"github.com/cert-manager/cert-manager/pkg/controller"
	"github.com/cert-manager/cert-manager/pkg/healthz"
	logf "github.com/cert-manager/cert-manager/pkg/logs"
	"github.com/cert-manager/cert-manager/pkg/util"

	// Controllers: each registers itself with controller.Register in its init().
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/approver"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/ca"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/selfsigned"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/issuing"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/keymanager"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/readiness"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/requestmanager"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/revisionmanager"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/trigger"
	_ "github.com/cert-manager/cert-manager/pkg/controller/clusterissuers"
	_ "github.com/cert-manager/cert-manager/pkg/controller/issuers"
	// Issuer types the issuers controllers set up (Ready conditions): registered in init().
	_ "github.com/cert-manager/cert-manager/pkg/issuer/ca"
	_ "github.com/cert-manager/cert-manager/pkg/issuer/selfsigned"
)

func main() {
	var (
		kubeconfig        = flag.String("kubeconfig", "", "kubeconfig of the cluster (default: in-cluster or $KUBECONFIG)")
		clusterResourceNS = flag.String("cluster-resource-namespace", "cert-manager", "namespace of the Secrets that ClusterIssuers refer to")
		namespace         = flag.String("namespace", "", "watch only this namespace (default: all)")
		enabled           = flag.String("controllers", "", "comma-separated controllers to run (default: all that this binary has)")
		metricsAddr       = flag.String("metrics-listen-address", "127.0.0.1:9402", "Prometheus metrics address")
		healthzAddr       = flag.String("healthz-listen-address", "127.0.0.1:9403", "liveness (/livez) address")
		workers           = flag.Int("concurrent-workers", 5, "workers per controller")
		version           = flag.Bool("version", false, "print the version and exit")
	)
	klog.InitFlags(nil) // -v (cert-manager logs at 2 for info, 4 for debug), -vmodule, ...
	logf.InitLogs()
	defer logf.FlushLogs()
	flag.Parse()

	if *version {
		fmt.Println(util.VersionInfo().GitVersion)
		return
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx = logf.NewContext(ctx, logf.Log, "controller")
	if err := run(ctx, options{
		kubeconfig: *kubeconfig, clusterResourceNS: *clusterResourceNS, namespace: *namespace,
		enabled: *enabled, metricsAddr: *metricsAddr, healthzAddr: *healthzAddr, workers: *workers,
	}); err != nil {
		logf.Log.Error(err, "cert-manager controller failed")
		logf.FlushLogs()
		os.Exit(1)
	}
}

type options struct {
	kubeconfig, clusterResourceNS, namespace, enabled, metricsAddr, healthzAddr string
	workers                                                                     int
}

func run(rootCtx context.Context, o options) error {
	log := logf.FromContext(rootCtx)
	v := util.VersionInfo()
	log.Info("starting cert-manager controller", "version", v.GitVersion, "go_version", v.GoVersion)

	known := controller.Known()
	names := make([]string, 0, len(known))
	for n := range known {
		names = append(names, n)
	}
	sort.Strings(names)
	if o.enabled != "" {
		want := map[string]bool{}
		for _, n := range strings.Split(o.enabled, ",") {
			n = strings.TrimSpace(n)
			if _, ok := known[n]; !ok {
				return fmt.Errorf("--controllers: unknown controller %q (this binary has: %s)", n, strings.Join(names, ", "))
			}
			want[n] = true
		}
		kept := names[:0]
		for _, n := range names {
			if want[n] {
				kept = append(kept, n)
			}
		}
		names = kept
	}
	log.Info("enabled controllers", "controllers", names)

	// The stock app's defaults (QPS/burst, backoff) where they matter here.
	factory, err := controller.NewContextFactory(rootCtx, controller.ContextOptions{
		Kubeconfig:         o.kubeconfig,
		KubernetesAPIQPS:   20,
		KubernetesAPIBurst: 50,
		Namespace:          o.namespace,
		IssuerOptions: controller.IssuerOptions{
			ClusterResourceNamespace: o.clusterResourceNS,
		},
		CertificateOptions: controller.CertificateOptions{
			CertificateRequestMinimumBackoffDuration: time.Hour,
			CertificateRequestMaximumBackoffDuration: 32 * time.Hour,
		},
	})
	if err != nil {
		return err
	}
	cctx, err := factory.Build()
	if err != nil {
		return err
	}

	g, gctx := errgroup.WithContext(rootCtx)

	var lc net.ListenConfig
	metricsLn, err := lc.Listen(gctx, "tcp", o.metricsAddr)
	if err != nil {
		return fmt.Errorf("metrics address %s: %w", o.metricsAddr, err)
	}
	cctx.Metrics.SetupCertificateCollector(cctx.SharedInformerFactory.Certmanager().V1().Certificates().Lister())
	cctx.Metrics.SetupIssuerCollector(cctx.SharedInformerFactory.Certmanager().V1().Issuers().Lister())
	cctx.Metrics.SetupClusterIssuerCollector(cctx.SharedInformerFactory.Certmanager().V1().ClusterIssuers().Lister())
	metricsServer := cctx.Metrics.NewServer(metricsLn)
	g.Go(func() error {
		if err := metricsServer.Serve(metricsLn); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	g.Go(func() error {
		<-gctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return metricsServer.Shutdown(shutdownCtx)
	})

	healthzLn, err := lc.Listen(gctx, "tcp", o.healthzAddr)
	if err != nil {
		return fmt.Errorf("healthz address %s: %w", o.healthzAddr, err)
	}
	healthzServer := healthz.NewServer(20 * time.Second)
	g.Go(func() error { return healthzServer.Start(gctx, healthzLn) })

	for _, n := range names {
		iface, err := known[n](factory)
		if err != nil {
			return fmt.Errorf("starting controller %s: %w", n, err)
		}
		log.Info("starting controller", "controller", n)
		g.Go(func() error { return iface.Run(o.workers, gctx) })
	}

	cctx.SharedInformerFactory.Start(gctx.Done())
	cctx.KubeSharedInformerFactory.Start(gctx.Done())
	cctx.HTTP01ResourceMetadataInformersFactory.Start(gctx.Done())

	err = g.Wait()
	cctx.HTTP01ResourceMetadataInformersFactory.Shutdown()
	cctx.KubeSharedInformerFactory.Shutdown()
	cctx.SharedInformerFactory.Shutdown()
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	log.Info("control loops exited")
	return nil
}
