package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/blang/semver"
	"github.com/google/shlex"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/nodejs/npm"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Exit code with which @pulumi/pulumi's run script says "the user already saw
// an actionable message": the engine should bail without adding more.
const nodeExitedWithUserMessage = 32

// nodeHost runs Pulumi programs and plugins written for Node.js, with the
// `node` found on PATH (put node_modules/.bin first to use the npm `node`).
type nodeHost struct {
	*baseHost
}

// nodeOptions are the `runtime.options` of a nodejs Pulumi.yaml.
type nodeOptions struct {
	typescript     bool
	tsconfigPath   string
	nodeArgs       []string
	packageManager npm.PackageManagerType
	production     bool
}

func parseNodeOptions(opts map[string]any) (nodeOptions, error) {
	o := nodeOptions{typescript: true, packageManager: npm.AutoPackageManager}
	if v, ok := opts["typescript"]; ok {
		b, ok := v.(bool)
		if !ok {
			return o, errors.New("typescript option must be a boolean")
		}
		o.typescript = b
	}
	if v, ok := opts["tsconfig"]; ok {
		s, ok := v.(string)
		if !ok {
			return o, errors.New("tsconfig option must be a string")
		}
		o.tsconfigPath = s
	}
	if v, ok := opts["nodeargs"]; ok {
		s, ok := v.(string)
		if !ok {
			return o, errors.New("nodeargs option must be a string")
		}
		args, err := shlex.Split(s)
		if err != nil {
			return o, fmt.Errorf("nodeargs: %w", err)
		}
		o.nodeArgs = args
	}
	if v, ok := opts["packagemanager"]; ok {
		s, ok := v.(string)
		if !ok {
			return o, errors.New("packagemanager option must be a string")
		}
		o.packageManager = npm.PackageManagerType(s)
	}
	if v, ok := opts["production"]; ok {
		b, ok := v.(bool)
		if !ok {
			return o, errors.New("production option must be a boolean")
		}
		o.production = b
	}
	return o, nil
}

func (o nodeOptions) env() []string {
	var env []string
	if o.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if o.tsconfigPath != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+o.tsconfigPath)
	}
	return env
}

// resolveModule asks node where a module (e.g. @pulumi/pulumi/cmd/run) is,
// from the program's directory, so the program's own SDK copy is used.
func resolveModule(ctx context.Context, node, dir, module string) (string, error) {
	script := fmt.Sprintf(`try { console.log(require.resolve(%q)); } catch (e) { `+
		`console.error(e.code === "MODULE_NOT_FOUND" ? "Cannot find %s from %s: run npm install there." : e.message); `+
		`process.exit(1); }`, module, module, dir)
	cmd := exec.CommandContext(ctx, node, "-e", script)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return "", errors.New(strings.TrimSpace(string(ee.Stderr)))
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

func (h *nodeHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not find node on PATH: " + err.Error()}, nil
	}
	opts, err := parseNodeOptions(req.GetInfo().GetOptions().AsMap())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	runModule := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH")
	if runModule == "" {
		runModule = "@pulumi/pulumi/cmd/run"
	}
	runScript, err := resolveModule(ctx, node, req.Info.ProgramDirectory, runModule)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	// The program talks to the engine's resource monitor directly; upstream
	// interposes a forwarding proxy, which changes nothing for the program.
	args := append([]string{}, opts.nodeArgs...)
	args = append(args, runScript)
	flag := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flag("monitor", req.GetMonitorAddress())
	flag("engine", h.engineAddress)
	flag("organization", req.GetOrganization())
	flag("project", req.GetProject())
	flag("root-directory", req.GetInfo().GetRootDirectory())
	flag("stack", req.GetStack())
	flag("pwd", req.GetInfo().GetProgramDirectory())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	flag("parallel", strconv.Itoa(int(req.GetParallel())))
	args = append(args, req.GetInfo().GetEntryPoint())
	args = append(args, req.GetArgs()...)

	// Config keys are passed in the older <package>:config:<name> form, which
	// every @pulumi/pulumi version understands.
	cfg := map[string]string{}
	for k, v := range req.GetConfig() {
		key, err := config.ParseKey(k)
		if err != nil {
			return &pulumirpc.RunResponse{Error: err.Error()}, nil
		}
		cfg[key.Namespace()+":config:"+key.Name()] = v
	}
	cfgJSON, _ := json.Marshal(cfg)
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, _ := json.Marshal(secretKeys)

	cmdCtx, cmdCancel := context.WithCancel(h.cancelCtx)
	defer cmdCancel()
	context.AfterFunc(ctx, cmdCancel)
	cmd := exec.CommandContext(cmdCtx, node, args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	cmd.Env = append(os.Environ(), "PULUMI_CONFIG="+string(cfgJSON), "PULUMI_CONFIG_SECRET_KEYS="+string(secretJSON))
	cmd.Env = append(cmd.Env, opts.env()...)
	// node may switch its stdio to non-blocking mode; wrapping the writers
	// makes exec copy through a pipe instead of handing over our descriptors.
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = struct{ io.Writer }{os.Stderr}
	logging.V(5).Infof("launching %s %v", node, args)

	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			if ee.ExitCode() == nodeExitedWithUserMessage {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Program exited with non-zero exit code: %d", ee.ExitCode()),
			}, nil
		}
		return &pulumirpc.RunResponse{Error: "could not run node: " + err.Error()}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// RunPlugin runs a plugin written in JavaScript/TypeScript: a component
// provider (PulumiPlugin.yaml with runtime nodejs) or a policy pack.
func (h *nodeHost) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	ctx := server.Context()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	node, err := exec.LookPath("node")
	if err != nil {
		return fmt.Errorf("could not find node on PATH: %w", err)
	}
	opts, err := parseNodeOptions(req.GetInfo().GetOptions().AsMap())
	if err != nil {
		return err
	}
	env := append(append([]string{}, req.GetEnv()...), opts.env()...)
	dir := req.GetInfo().GetProgramDirectory()
	isPolicy := req.GetKind() == string(apitype.AnalyzerPlugin)

	module := "@pulumi/pulumi/cmd/run-plugin"
	if isPolicy {
		module = "@pulumi/pulumi/cmd/run-policy-pack"
	} else if m := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH"); m != "" {
		module = m
	}
	script, err := resolveModule(ctx, node, dir, module)
	if err != nil {
		return err
	}
	args := append([]string{script}, opts.nodeArgs...)
	if isPolicy {
		// Policy packs take the engine address first and their directory last.
		args = append(append(args, req.GetArgs()...), dir)
	} else {
		args = append(append(args, dir), req.GetArgs()...)
	}

	// A policy pack needs the stack's configuration in its environment before
	// it starts; sdk.PolicyProxy answers the engine's first calls, collects
	// the configuration, then forwards everything to the real pack.
	var proxy *sdk.PolicyProxy
	if isPolicy {
		if proxy, stdout, err = sdk.NewPolicyProxy(ctx, stdout); err != nil {
			return fmt.Errorf("could not start policy pack proxy: %w", err)
		}
		stackCfg, err := proxy.AwaitConfiguration(ctx)
		if err != nil {
			return fmt.Errorf("could not get stack configuration: %w", err)
		}
		if stackCfg != nil {
			add := func(k, v string) {
				if v != "" {
					env = append(env, k+"="+v)
				}
			}
			add("PULUMI_NODEJS_ORGANIZATION", stackCfg.Organization)
			add("PULUMI_NODEJS_PROJECT", stackCfg.Project)
			add("PULUMI_NODEJS_STACK", stackCfg.Stack)
			add("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(stackCfg.DryRun))
			if stackCfg.Config != nil {
				b, err := json.Marshal(stackCfg.Config)
				if err != nil {
					return err
				}
				add("PULUMI_CONFIG", string(b))
			}
		}
	}

	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Env = env
	cmd.Dir = req.GetPwd()
	if isPolicy {
		cmd.Dir = dir // policy packs have always run from their own directory
	}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("could not start node: %w", err)
	}
	if proxy != nil {
		if err := proxy.Attach(ctx, cmd); err != nil {
			return fmt.Errorf("could not attach policy pack proxy: %w", err)
		}
		return closer.Close()
	}
	if err := cmd.Wait(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return fmt.Errorf("Program exited with non-zero exit code: %d", ee.ExitCode())
		}
		return err
	}
	return closer.Close()
}

// GetRequiredPackages lists the resource plugins the program's node_modules
// declare ("pulumi": {"resource": true} in a package.json).
func (h *nodeHost) GetRequiredPackages(ctx context.Context,
	req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	pkgs, err := nodePluginPackages(req.GetInfo().GetProgramDirectory())
	if err != nil {
		logging.V(3).Infof("discovering plugins: %v", err)
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: pkgs}, nil
}

type nodePackageJSON struct {
	Name    string                  `json:"name"`
	Version string                  `json:"version"`
	Pulumi  plugin.PulumiPluginJSON `json:"pulumi"`
}

// nodePluginPackages reads node_modules/<pkg>/package.json and
// node_modules/@scope/<pkg>/package.json below dir (npm installs flat).
func nodePluginPackages(dir string) ([]*pulumirpc.PackageDependency, error) {
	var manifests []string
	for _, pattern := range []string{"*/package.json", "@*/*/package.json"} {
		m, err := filepath.Glob(filepath.Join(dir, "node_modules", pattern))
		if err != nil {
			return nil, err
		}
		manifests = append(manifests, m...)
	}
	var pkgs []*pulumirpc.PackageDependency
	var errs []error
	for _, path := range manifests {
		b, err := os.ReadFile(path)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		var info nodePackageJSON
		if err := json.Unmarshal(b, &info); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", path, err))
			continue
		}
		if !info.Pulumi.Resource {
			continue
		}
		name := info.Pulumi.Name
		if name == "" {
			name = strings.TrimPrefix(info.Name, "@pulumi/")
		}
		ver := info.Pulumi.Version
		if ver == "" {
			ver = info.Version
		}
		if _, err := semver.ParseTolerant(ver); err != nil {
			errs = append(errs, fmt.Errorf("%s: version %q: %w", path, ver, err))
			continue
		}
		if !strings.HasPrefix(ver, "v") {
			ver = "v" + ver
		}
		dep := &pulumirpc.PackageDependency{Name: name, Kind: "resource", Version: ver, Server: info.Pulumi.Server}
		if p := info.Pulumi.Parameterization; p != nil {
			dep.Parameterization = &pulumirpc.PackageParameterization{Name: p.Name, Version: p.Version, Value: p.Value}
		}
		pkgs = append(pkgs, dep)
	}
	return pkgs, errors.Join(errs...)
}

// InstallDependencies runs the project's package manager (`pulumi install`).
func (h *nodeHost) InstallDependencies(req *pulumirpc.InstallDependenciesRequest,
	server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, req.IsTerminal)
	if err != nil {
		return err
	}
	defer closer.Close()
	opts, err := parseNodeOptions(req.GetInfo().GetOptions().AsMap())
	if err != nil {
		return err
	}
	dir := req.GetInfo().GetProgramDirectory()
	if root, err := npm.FindWorkspaceRoot(dir); err == nil {
		dir = root
	} else if !errors.Is(err, npm.ErrNotInWorkspace) {
		return err
	}
	fmt.Fprintf(stdout, "Installing dependencies in %s...\n", dir)
	if _, err := npm.Install(server.Context(), opts.packageManager, dir, opts.production, stdout, stderr); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "Finished installing dependencies")
	return closer.Close()
}

func (h *nodeHost) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, err
	}
	out, err := exec.CommandContext(ctx, node, "--version").Output()
	if err != nil {
		return nil, err
	}
	meta := map[string]string{}
	if opts, err := parseNodeOptions(req.GetInfo().GetOptions().AsMap()); err == nil {
		if pm, err := npm.ResolvePackageManager(opts.packageManager, req.GetInfo().GetProgramDirectory()); err == nil {
			meta["packagemanager"] = pm.Name()
			if v, err := pm.Version(); err == nil {
				meta["packagemanagerVersion"] = v.String()
			}
		}
	}
	return &pulumirpc.AboutResponse{Executable: node, Version: strings.TrimSpace(string(out)), Metadata: meta}, nil
}

func (h *nodeHost) GetProgramDependencies(ctx context.Context,
	req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	opts, err := parseNodeOptions(req.GetInfo().GetOptions().AsMap())
	if err != nil {
		return nil, err
	}
	pm, err := npm.ResolvePackageManager(opts.packageManager, req.GetInfo().GetProgramDirectory())
	if err != nil {
		return nil, err
	}
	pkgs, err := pm.ListPackages(ctx, req.GetInfo().GetProgramDirectory(), req.TransitiveDependencies)
	if err != nil {
		return nil, err
	}
	deps := make([]*pulumirpc.DependencyInfo, len(pkgs))
	for i, p := range pkgs {
		deps[i] = &pulumirpc.DependencyInfo{Name: p.Name, Version: p.Version}
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: deps}, nil
}
