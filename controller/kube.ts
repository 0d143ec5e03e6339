// A small Kubernetes API client on Node's own https: in-cluster service account or a kubeconfig.
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";

export interface Connection {
    server: string;
    ca?: Buffer;
    cert?: Buffer;
    key?: Buffer;
    insecureSkipTlsVerify?: boolean;
    /** A bearer token, or a file to read it from (service account tokens rotate). */
    token?: string;
    tokenFile?: string;
    /** The namespace of the running pod, or the kubeconfig context's. */
    namespace: string;
}

const serviceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";

/** The in-cluster connection when running in a pod, else the kubeconfig's current context. */
export function loadConnection(env: NodeJS.ProcessEnv = process.env): Connection {
    if (env.KUBERNETES_SERVICE_HOST && fs.existsSync(path.join(serviceAccountDir, "token")) && !env.KUBECONFIG) {
        const host = env.KUBERNETES_SERVICE_HOST.includes(":") ? `[${env.KUBERNETES_SERVICE_HOST}]` : env.KUBERNETES_SERVICE_HOST;
        return {
            server: `https://${host}:${env.KUBERNETES_SERVICE_PORT ?? "443"}`,
            ca: fs.readFileSync(path.join(serviceAccountDir, "ca.crt")),
            tokenFile: path.join(serviceAccountDir, "token"),
            namespace: env.POD_NAMESPACE ?? readIfExists(path.join(serviceAccountDir, "namespace")) ?? "default",
        };
    }
    const file = (env.KUBECONFIG ?? path.join(os.homedir(), ".kube", "config")).split(path.delimiter)[0];
    return connectionFromKubeconfig(fs.readFileSync(file, "utf8"), path.dirname(file), env.POD_NAMESPACE);
}

function readIfExists(file: string): string | undefined {
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : undefined;
}

/** The current context of a kubeconfig: server, CA, client certificate or token. */
export function connectionFromKubeconfig(text: string, baseDir: string, namespace?: string): Connection {
    const config = YAML.parse(text) as Record<string, any>;
    const named = (list: any[] | undefined, name: string) => (list ?? []).find((entry) => entry.name === name);
    const context = named(config.contexts, config["current-context"])?.context ?? config.contexts?.[0]?.context;
    if (!context) {
        throw new Error("kubeconfig has no context");
    }
    const cluster = named(config.clusters, context.cluster)?.cluster ?? {};
    const user = named(config.users, context.user)?.user ?? {};
    const file = (p: string) => fs.readFileSync(path.isAbsolute(p) ? p : path.join(baseDir, p));
    const data = (inline: string | undefined, fileName: string | undefined) =>
        inline ? Buffer.from(inline, "base64") : fileName ? file(fileName) : undefined;
    return {
        server: cluster.server,
        ca: data(cluster["certificate-authority-data"], cluster["certificate-authority"]),
        insecureSkipTlsVerify: cluster["insecure-skip-tls-verify"] === true,
        cert: data(user["client-certificate-data"], user["client-certificate"]),
        key: data(user["client-key-data"], user["client-key"]),
        token: user.token,
        tokenFile: user.tokenFile,
        namespace: namespace ?? context.namespace ?? "default",
    };
}

/** An API error with its HTTP status and the server's `Status` reason. */
export class ApiError extends Error {
    constructor(
        readonly status: number,
        readonly reason: string,
        message: string,
    ) {
        super(message);
    }
}

/**
 * How long any request may take. Below the leader's renew deadline (10 s), so that no request
 * the leader waits on can outlast its leadership.
 */
export const requestTimeoutMs = 5_000;

export interface RequestOptions {
    body?: unknown;
    contentType?: string;
    signal?: AbortSignal;
    /** Overrides requestTimeoutMs. */
    timeoutMs?: number;
    /**
     * Called on an established connection immediately before the request is written; throwing
     * sends nothing. The leader's fence checks its deadline here, as late as it can.
     */
    beforeSend?: () => void;
}

export class KubeClient {
    private readonly agent: http.Agent;
    private readonly url: URL;
    private token?: { value: string; readAt: number };

    constructor(private readonly connection: Connection) {
        this.url = new URL(connection.server);
        const options = { keepAlive: true, maxSockets: 32 };
        this.agent =
            this.url.protocol === "https:"
                ? new https.Agent({
                      ...options,
                      ca: connection.ca,
                      cert: connection.cert,
                      key: connection.key,
                      rejectUnauthorized: !connection.insecureSkipTlsVerify,
                  })
                : new http.Agent(options);
    }

    get namespace(): string {
        return this.connection.namespace;
    }

    private bearer(): string | undefined {
        if (this.connection.token) {
            return this.connection.token;
        }
        if (!this.connection.tokenFile) {
            return undefined;
        }
        // Bound service account tokens are refreshed on disk by the kubelet; re-read every minute.
        if (!this.token || Date.now() - this.token.readAt > 60_000) {
            this.token = { value: fs.readFileSync(this.connection.tokenFile, "utf8").trim(), readAt: Date.now() };
        }
        return this.token.value;
    }

    private open(method: string, pathAndQuery: string, options: RequestOptions, onResponse: (res: http.IncomingMessage) => void, onError: (e: Error) => void): http.ClientRequest {
        const headers: Record<string, string> = { Accept: "application/json", "User-Agent": "llamastack-controller" };
        const token = this.bearer();
        if (token) {
            headers.Authorization = `Bearer ${token}`;
        }
        let payload: string | undefined;
        if (options.body !== undefined) {
            payload = JSON.stringify(options.body);
            headers["Content-Type"] = options.contentType ?? "application/json";
            headers["Content-Length"] = String(Buffer.byteLength(payload));
        }
        const transport = this.url.protocol === "https:" ? https : http;
        const req = transport.request(
            {
                protocol: this.url.protocol,
                hostname: this.url.hostname.replace(/^\[|\]$/g, ""),
                port: this.url.port || (this.url.protocol === "https:" ? 443 : 80),
                path: this.url.pathname.replace(/\/$/, "") + pathAndQuery,
                method,
                headers,
                agent: this.agent,
                signal: options.signal,
            },
            onResponse,
        );
        req.on("error", onError);
        if (!options.beforeSend) {
            req.end(payload);
            return req;
        }
        const beforeSend = options.beforeSend;
        const send = () => {
            try {
                beforeSend();
            } catch (error) {
                req.destroy(error as Error);
                return;
            }
            req.end(payload);
        };
        // Nothing is written before end(). A new connection would queue the bytes while it connects
        // and send them later unchecked, so wait until it is up: then check and write in one step.
        req.once("socket", (socket) => {
            if (req.reusedSocket) {
                send();
            } else {
                socket.once(this.url.protocol === "https:" ? "secureConnect" : "connect", send);
            }
        });
        return req;
    }

    /**
     * One request; resolves with the parsed body of a 2xx answer, rejects with an ApiError otherwise.
     * The whole exchange is bounded by `timeoutMs` (not an idle timeout: a trickling answer cannot
     * stretch it).
     */
    request<T = any>(method: string, pathAndQuery: string, options: RequestOptions = {}): Promise<T> {
        const timeoutMs = options.timeoutMs ?? requestTimeoutMs;
        return new Promise<T>((resolve, reject) => {
            const req = this.open(
                method,
                pathAndQuery,
                options,
                (res) => {
                    const chunks: Buffer[] = [];
                    res.on("data", (c: Buffer) => chunks.push(c));
                    res.on("error", reject);
                    res.on("end", () => {
                        const text = Buffer.concat(chunks).toString("utf8");
                        const status = res.statusCode ?? 0;
                        let body: any = undefined;
                        try {
                            body = text ? JSON.parse(text) : undefined;
                        } catch {
                            body = { message: text };
                        }
                        if (status >= 200 && status < 300) {
                            resolve(body as T);
                        } else {
                            reject(new ApiError(status, body?.reason ?? "", `${method} ${pathAndQuery}: ${status} ${body?.message ?? text}`));
                        }
                    });
                },
                (error) => {
                    const reason: unknown = options.signal?.aborted ? options.signal.reason : undefined;
                    reject(reason instanceof Error ? new Error(`${method} ${pathAndQuery}: aborted: ${reason.message}`) : error);
                },
            );
            const timer = setTimeout(() => req.destroy(new Error(`${method} ${pathAndQuery}: no answer within ${timeoutMs} ms`)), timeoutMs);
            req.once("close", () => clearTimeout(timer));
        });
    }

    /**
     * A watch: calls `onEvent` for every JSON line until the server ends the stream (resolves) or
     * the connection fails (rejects). Abort with `signal`.
     */
    watch(pathAndQuery: string, onEvent: (event: any) => void, signal: AbortSignal): Promise<void> {
        return new Promise((resolve, reject) => {
            const req = this.open(
                "GET",
                pathAndQuery,
                { signal },
                (res) => {
                    const status = res.statusCode ?? 0;
                    if (status !== 200) {
                        const chunks: Buffer[] = [];
                        res.on("data", (c: Buffer) => chunks.push(c));
                        res.on("end", () => {
                            const text = Buffer.concat(chunks).toString("utf8");
                            let reason = "";
                            try {
                                reason = JSON.parse(text).reason ?? "";
                            } catch {
                                // not a Status object
                            }
                            reject(new ApiError(status, reason, `watch ${pathAndQuery}: ${status} ${text}`));
                        });
                        return;
                    }
                    let buffered = "";
                    res.setEncoding("utf8");
                    res.on("data", (chunk: string) => {
                        buffered += chunk;
                        let newline: number;
                        while ((newline = buffered.indexOf("\n")) >= 0) {
                            const line = buffered.slice(0, newline).trim();
                            buffered = buffered.slice(newline + 1);
                            if (line) {
                                try {
                                    onEvent(JSON.parse(line));
                                } catch (error) {
                                    // An ERROR event (e.g. 410 Gone) or a bad line ends this watch.
                                    req.destroy();
                                    reject(error);
                                    return;
                                }
                            }
                        }
                    });
                    res.on("end", () => resolve());
                    res.on("error", reject);
                    res.on("aborted", () => reject(new Error("watch aborted")));
                },
                reject,
            );
            // A silent connection (no event, no bookmark) for this long is treated as dead.
            req.setTimeout(10 * 60_000, () => req.destroy(new Error("watch idle")));
        });
    }
}
