// A real LlamaStack server in a process, started the way the controller's container starts it and
// under the constraints of its pod that a process can reproduce: uid/gid 1001, the run configuration a
// read-only file in a read-only "mount", HOME a directory the user cannot write (the pod's HOME is `/`
// under readOnlyRootFilesystem), the storage volume at $HOME/.llama and a private /tmp as the only
// writable places, and a clean environment.
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as https from "https";
import * as tls from "tls";
import * as os from "os";
import * as path from "path";

/** The user and group the controller runs the container as (`defaultUser` in controller/names.ts). */
export const serverUser = 1001;

/** Where the controller mounts the run-config ConfigMap (key `run.yaml`), as the upstream operator does. */
export const runConfigMountDir = "/etc/llama-stack";
/** The run configuration's path inside the container. */
export const runConfigPath = `${runConfigMountDir}/run.yaml`;

/** The server module of llama-stack 0.2.0 to 0.2.16 (from 0.2.17 it is `llama_stack.core.server.server`). */
export const serverModule = "llama_stack.distribution.server.server";

/**
 * The container's command and arguments the controller sets so the image reads the mounted run
 * configuration: the images' own entrypoint is `python -m <serverModule> [--template <name>]`, and an
 * explicit `--config` wins over `--template`. The user's `spec.args` follow.
 */
export function serverCommand(configPath: string, userArgs: string[] = []): { command: string[]; args: string[] } {
    return { command: ["python", "-m", serverModule], args: ["--config", configPath, ...userArgs] };
}

/**
 * The environment the controller sets. `LLAMA_STACK_PORT` is the listening port (llama-stack 0.2.x
 * ignores `server.port` in the run configuration unless `--port` is absent *and* this variable is
 * unset, which never happens because the flag defaults to 8321). `LLAMA_STACK_CONFIG_DIR` moves
 * `~/.llama` (kvstore, trace store, distribution dirs) onto the storage volume wherever it is mounted;
 * `HF_HOME` keeps any Hugging Face download there too (the upstream operator sets it likewise).
 */
export function serverEnv(port: number, storagePath: string): Record<string, string> {
    return {
        LLAMA_STACK_PORT: String(port),
        LLAMA_STACK_CONFIG_DIR: storagePath,
        HF_HOME: path.posix.join(storagePath, "huggingface"),
    };
}

export interface LlamaServerOptions {
    /** The run configuration, YAML text, written where the ConfigMap would be mounted. */
    runConfig: string;
    /** The port the server listens on (passed as `LLAMA_STACK_PORT`). */
    port: number;
    /** Extra environment, as from the distribution's `env` and Secrets; wins over the controller's. */
    env?: Record<string, string>;
    /** Extra arguments after the controller's, as from the distribution's `args`. */
    args?: string[];
    /** The venv's python; defaults to what `scripts/llamastack-server.sh` installs (and prints). */
    python?: string;
    /** How long to wait for `/v1/health` to answer 200; default 180 s. */
    startTimeoutMs?: number;
    /** How long `stop()` waits after SIGTERM before SIGKILL; default 30 s (the pod's grace period). */
    stopTimeoutMs?: number;
    /**
     * The server container of the Deployment the controller builds: when given, its `args` and
     * plain `env` are used instead of the defaults above, with its container paths (the run-config
     * mount, the storage mount) turned into the directories that stand in for them.
     */
    container?: ControllerContainer;
    /**
     * The TLS Secret's files, written where the `tls` volume is mounted (owner root, group 1001,
     * mode 0440, as the kubelet writes a Secret volume under fsGroup); the server is then reached
     * over HTTPS, trusting `ca`.
     */
    tls?: { cert: string; key: string; ca: string; servername?: string };
    /** The CA bundle's PEM text, written where the `ca-bundle` volume is mounted. */
    caBundle?: string;
}

/** The parts of the controller's server container that decide how the server starts. */
export interface ControllerContainer {
    args?: string[];
    env?: { name: string; value?: string }[];
    volumeMounts?: { name: string; mountPath: string }[];
}

/** The host directories standing in for the pod's volumes. */
export interface LlamaServerDirs {
    /** Parent of everything below; removed by `stop()`. */
    root: string;
    /** The read-only config mount (stands for `/etc/llama-stack`). */
    config: string;
    /** HOME, not writable by the server (stands for `/`). */
    home: string;
    /** The storage volume at $HOME/.llama, writable (stands for `/.llama`). */
    storage: string;
    /** The private temp dir (stands for the `/tmp` emptyDir). */
    tmp: string;
    /** The read-only TLS Secret mount. */
    tls: string;
    /** The read-only CA bundle mount. */
    ca: string;
}

export interface StopResult {
    /** Exit code, or null when a signal ended the process. */
    code: number | null;
    signal: NodeJS.Signals | null;
    /** From SIGTERM to exit. */
    ms: number;
    /** Whether it had to be killed after `stopTimeoutMs`. */
    killed: boolean;
}

export interface LlamaServer {
    /** Base URL, e.g. `http://127.0.0.1:23456`. */
    url: string;
    /** What `/v1/version` reports, when it answers. */
    version?: string;
    /** The server's pid (the python process itself: setpriv execs it). */
    pid: number;
    /** From spawn to the first 200 from `/v1/health`. */
    startupMs: number;
    dirs: LlamaServerDirs;
    /** The exact argv and environment the process ran with. */
    argv: string[];
    env: Record<string, string>;
    /** Everything the server printed so far (stdout and stderr interleaved). */
    logs(): string;
    /** Resident set size in KiB, from /proc, while it runs. */
    rssKiB(): number | undefined;
    /** SIGTERM, wait (bounded), then remove the directories. */
    stop(): Promise<StopResult>;
}

const repoRoot = path.resolve(__dirname, "..", "..");

/** Whether "others" (uid 1001 here) may read (and `exec`ute) a file: o+r (o+x) on it and o+x on every directory above. */
function openToOthers(file: string, exec: boolean): boolean {
    const real = fs.realpathSync(file);
    const wanted = exec ? 0o005 : 0o004;
    if ((fs.statSync(real).mode & wanted) !== wanted) {
        return false;
    }
    for (let dir = path.dirname(real); ; dir = path.dirname(dir)) {
        if ((fs.statSync(dir).mode & 0o001) === 0) {
            return false;
        }
        if (dir === path.dirname(dir)) {
            return true;
        }
    }
}

/**
 * A CPython 3.11 that uid 1001 can run: its executable and its installation (the venv reads the
 * stdlib there) outside any directory closed to others, such as root's HOME where pyenv lives.
 */
function interpreterForServerUser(): string {
    for (const candidate of ["python3.11", "/usr/bin/python3.11", "/usr/local/bin/python3.11"]) {
        try {
            const [executable, prefix, minor] = execFileSync(
                candidate,
                ["-c", "import os, sys; print(os.path.realpath(sys.executable)); print(sys.base_prefix); print(sys.version_info[1])"],
                { encoding: "utf8" },
            ).trim().split("\n");
            if (minor === "11" && openToOthers(executable, true) && openToOthers(path.join(prefix, "lib", "python3.11", "os.py"), false)) {
                return executable;
            }
        } catch {
            // Not installed; try the next.
        }
    }
    throw new Error(`no CPython 3.11 that uid ${serverUser} can run; set LLAMASTACK_PYTHON`);
}

/**
 * Installs (or reuses) the pinned server venv and returns its python. As root the default cache (under
 * root's HOME, usually mode 0700) is unreadable to uid 1001, so the venv goes under the system temp
 * dir instead unless `LLAMASTACK_SERVER_CACHE` says where, built from an interpreter uid 1001 can run
 * unless `LLAMASTACK_PYTHON` names one.
 */
export function installServer(): string {
    const env = { ...process.env };
    if (process.getuid?.() === 0) {
        env.LLAMASTACK_SERVER_CACHE ??= path.join(os.tmpdir(), "llamastack-server-cache");
        env.LLAMASTACK_PYTHON ??= interpreterForServerUser();
    }
    const out = execFileSync("bash", [path.join(repoRoot, "scripts", "llamastack-server.sh")], {
        encoding: "utf8",
        env,
        stdio: ["ignore", "pipe", "inherit"],
    });
    const lines = out.trim().split("\n");
    return lines[lines.length - 1];
}

function makeDirs(): LlamaServerDirs {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "llama-server-"));
    fs.chmodSync(root, 0o755);
    const config = path.join(root, "etc", "llama-stack");
    const home = path.join(root, "home");
    const storage = path.join(home, ".llama");
    const tmp = path.join(root, "tmp");
    const tls = path.join(root, "etc", "llama-stack-tls");
    const ca = path.join(root, "etc", "llama-stack-ca");
    for (const dir of [config, storage, tmp, tls, ca]) {
        fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    }
    return { root, config, home, storage, tmp, tls, ca };
}

/** Gives the writable dirs to the server's user and makes the rest read-only to it. */
function applyOwnership(dirs: LlamaServerDirs, asRoot: boolean): void {
    for (const file of fs.readdirSync(dirs.tls)) {
        // A Secret volume under fsGroup 1001 with the controller's defaultMode 0440: the key is the group's only.
        if (asRoot) {
            fs.chownSync(path.join(dirs.tls, file), 0, serverUser);
        }
        fs.chmodSync(path.join(dirs.tls, file), 0o440);
    }
    for (const dir of [dirs.tls, dirs.ca]) {
        fs.chmodSync(dir, 0o555);
    }
    fs.chmodSync(path.join(dirs.config, "run.yaml"), 0o444);
    fs.chmodSync(dirs.config, 0o555);
    fs.chmodSync(path.dirname(dirs.config), 0o555);
    fs.chmodSync(dirs.tmp, 0o1777);
    if (asRoot) {
        // fsGroup 1001 makes the volume group-owned and group-writable; the init-less emptyDir is the user's.
        fs.chownSync(dirs.storage, serverUser, serverUser);
        fs.chmodSync(dirs.storage, 0o2775);
        fs.chownSync(dirs.tmp, serverUser, serverUser);
        fs.chmodSync(dirs.home, 0o555);
    }
}

function vmRssKiB(pid: number): number | undefined {
    try {
        const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
        return match ? Number(match[1]) : undefined;
    } catch {
        return undefined;
    }
}

function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A GET that trusts `ca` for https URLs; undefined when nothing answers. */
export async function get(url: string, ca?: string, servername?: string): Promise<{ status: number; body: string; peerCertificate?: string } | undefined> {
    if (!url.startsWith("https:")) {
        try {
            const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
            return { status: response.status, body: await response.text() };
        } catch {
            return undefined;
        }
    }
    return new Promise((resolve) => {
        // `servername`: the name the certificate must carry (SNI and the identity check), e.g. a Service's.
        const request = https.get(url, { ca, timeout: 5000, ...(servername ? { servername, checkServerIdentity: (_host: string, cert: import("tls").PeerCertificate) => tls.checkServerIdentity(servername, cert) } : {}) }, (response) => {
            const peer = (response.socket as import("tls").TLSSocket).getPeerCertificate?.();
            let body = "";
            response.on("data", (chunk: Buffer) => (body += chunk.toString()));
            response.on("end", () => resolve({ status: response.statusCode ?? 0, body, peerCertificate: peer?.fingerprint256 }));
        });
        request.on("timeout", () => request.destroy());
        request.on("error", () => resolve(undefined));
    });
}

function exited(child: ChildProcess): Promise<void> {
    return child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise((resolve) => child.once("exit", () => resolve()));
}

/**
 * The controller container's arguments and plain variables, with each mount path it names replaced
 * by the directory standing in for that volume here. Variables from Secrets (valueFrom) are left
 * out: the kubelet resolves those, and the tests pass their values in `env`.
 */
export function containerInvocation(container: ControllerContainer, dirs: LlamaServerDirs): { args: string[]; env: Record<string, string> } {
    const standIns: Record<string, string> = { "run-config": dirs.config, storage: dirs.storage, tmp: dirs.tmp, tls: dirs.tls, "ca-bundle": dirs.ca };
    // Longest mount path first, so a path under another mount is replaced by its own volume's directory.
    const mounts = (container.volumeMounts ?? []).filter((m) => standIns[m.name] !== undefined).sort((a, b) => b.mountPath.length - a.mountPath.length);
    const translate = (value: string): string => {
        for (const mount of mounts) {
            if (value === mount.mountPath || value.startsWith(`${mount.mountPath}/`)) {
                return standIns[mount.name] + value.slice(mount.mountPath.length);
            }
        }
        return value;
    };
    const env: Record<string, string> = {};
    for (const variable of container.env ?? []) {
        if (variable.value !== undefined) {
            env[variable.name] = translate(variable.value);
        }
    }
    return { args: (container.args ?? []).map(translate), env };
}

/**
 * Starts a LlamaStack server with the controller's command, arguments and environment, as uid/gid
 * 1001 when this process is root (through `setpriv`; as the current user otherwise, which then cannot
 * make HOME unwritable), and resolves once `GET /v1/health` answers 200. Rejects, with the server's
 * output, if the process exits first or the start timeout passes (the process is then stopped).
 */
export async function startLlamaServer(options: LlamaServerOptions): Promise<LlamaServer> {
    const python = options.python ?? installServer();
    const asRoot = process.getuid?.() === 0;
    const dirs = makeDirs();
    fs.writeFileSync(path.join(dirs.config, "run.yaml"), options.runConfig);
    if (options.tls) {
        fs.writeFileSync(path.join(dirs.tls, "tls.crt"), options.tls.cert);
        fs.writeFileSync(path.join(dirs.tls, "tls.key"), options.tls.key);
    }
    if (options.caBundle !== undefined) {
        fs.writeFileSync(path.join(dirs.ca, "ca.crt"), options.caBundle, { mode: 0o444 });
    }
    applyOwnership(dirs, asRoot);

    const fromController = options.container ? containerInvocation(options.container, dirs) : undefined;
    const { args } = fromController ?? serverCommand(path.join(dirs.config, "run.yaml"), options.args ?? []);
    const env: Record<string, string> = {
        // What a container starts with: a PATH (the image's python first), HOME and nothing of ours.
        PATH: `${path.dirname(python)}:/usr/local/bin:/usr/bin:/bin`,
        HOME: dirs.home,
        TMPDIR: dirs.tmp,
        LANG: "C.UTF-8",
        ...(fromController?.env ?? serverEnv(options.port, dirs.storage)),
        ...(options.env ?? {}),
    };
    const serverArgv = [python, "-m", serverModule, ...args];
    const argv = asRoot
        ? ["setpriv", `--reuid=${serverUser}`, `--regid=${serverUser}`, "--clear-groups", "--", ...serverArgv]
        : serverArgv;

    let output = "";
    const started = Date.now();
    const child = spawn(argv[0], argv.slice(1), { cwd: dirs.tmp, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exit = exited(child);
    const pid = child.pid ?? -1;
    const url = `${options.tls ? "https" : "http"}://127.0.0.1:${options.port}`;
    const ca = options.tls?.ca;
    const servername = options.tls?.servername;

    const stop = async (): Promise<StopResult> => {
        const sent = Date.now();
        let killed = false;
        if (child.exitCode === null && child.signalCode === null) {
            child.kill("SIGTERM");
            // Like the kubelet: SIGKILL once the grace period is over (and no timer left behind otherwise).
            const timer = setTimeout(() => {
                killed = true;
                child.kill("SIGKILL");
            }, options.stopTimeoutMs ?? 30_000);
            await exit;
            clearTimeout(timer);
        }
        const result = { code: child.exitCode, signal: child.signalCode, ms: Date.now() - sent, killed };
        // The read-only dirs must be writable again for a non-root caller to remove them.
        fs.chmodSync(dirs.home, 0o755);
        fs.chmodSync(path.dirname(dirs.config), 0o755);
        fs.chmodSync(dirs.config, 0o755);
        fs.chmodSync(dirs.tls, 0o755);
        fs.chmodSync(dirs.ca, 0o755);
        fs.rmSync(dirs.root, { recursive: true, force: true });
        return result;
    };

    const deadline = started + (options.startTimeoutMs ?? 180_000);
    let healthy = false;
    while (!healthy) {
        if (child.exitCode !== null || child.signalCode !== null) {
            await stop();
            throw new Error(`llama-stack exited (${child.exitCode ?? child.signalCode}) before answering:\n${output.slice(-4000)}`);
        }
        if (Date.now() > deadline) {
            await stop();
            throw new Error(`llama-stack did not answer ${url}/v1/health within the start timeout:\n${output.slice(-4000)}`);
        }
        healthy = (await get(`${url}/v1/health`, ca, servername))?.status === 200;
        if (!healthy) {
            await sleep(250);
        }
    }
    const startupMs = Date.now() - started;

    let version: string | undefined;
    const answer = await get(`${url}/v1/version`, ca, servername);
    if (answer?.status === 200) {
        version = (JSON.parse(answer.body) as { version?: string }).version;
    }

    return {
        url,
        version,
        pid,
        startupMs,
        dirs,
        argv,
        env,
        logs: () => output,
        rssKiB: () => vmRssKiB(pid),
        stop,
    };
}
