// Runs the policy pack exactly as the Pulumi CLI does (the Node.js language host starts
// `@pulumi/pulumi/cmd/run-policy-pack` in the pack's directory; it registers ts-node with the pack's
// tsconfig.json, loads index.ts, and the PolicyPack serves the Analyzer gRPC service on a port it
// prints), then speaks that gRPC protocol the way the engine does. This proves that the pack loads
// under Pulumi's own runtime, relative imports of ../src included, without the `pulumi` binary.

import { ChildProcess, spawn } from "child_process";
import { createRequire } from "module";
import * as path from "path";

export const policyDir = path.resolve(__dirname, "../../policy");

// Everything below is loaded from the @pulumi/pulumi the pack itself resolves, so message classes
// are the very ones its server checks with instanceof.
const runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [policyDir] });
const pulumiRequire = createRequire(runPolicyPack);
type Message = any;
const grpc = pulumiRequire("@grpc/grpc-js") as { credentials: { createInsecure(): unknown } };
const analyzerProto = pulumiRequire("../../proto/analyzer_pb.js") as Record<string, any>;
const analyzerRpc = pulumiRequire("../../proto/analyzer_grpc_pb.js") as { AnalyzerClient: new (address: string, credentials: unknown) => any };
const structProto = pulumiRequire("google-protobuf/google/protobuf/struct_pb.js") as { Struct: { fromJavaScript(value: unknown): Message } };
const emptyProto = pulumiRequire("google-protobuf/google/protobuf/empty_pb.js") as { Empty: new () => Message };
/* eslint-enable @typescript-eslint/no-explicit-any */

export const enforcementLevels = ["advisory", "mandatory", "disabled", "remediate"] as const;
export type Level = (typeof enforcementLevels)[number];

export interface Diagnostic {
    policyName: string;
    message: string;
    enforcementLevel: Level;
    urn: string;
}

export interface AnalyzerResource {
    type: string;
    props: Record<string, unknown>;
    name: string;
}

function call<T>(client: Message, method: string, request: Message): Promise<T> {
    return new Promise((resolve, reject) => {
        client[method](request, (error: Error | null, response: T) => (error ? reject(error) : resolve(response)));
    });
}

function urnOf(resource: AnalyzerResource): string {
    return `urn:pulumi:dev::llamastack::${resource.type}::${resource.name}`;
}

function options(): Message {
    const opts = new analyzerProto.AnalyzerResourceOptions();
    opts.setProtect(false);
    return opts;
}

function diagnostics(response: Message): Diagnostic[] {
    return response.getDiagnosticsList().map((d: Message) => ({
        policyName: d.getPolicyname(),
        message: d.getMessage(),
        enforcementLevel: enforcementLevels[d.getEnforcementlevel()],
        urn: d.getUrn(),
    }));
}

/** A running policy pack and a client for it. */
export class Analyzer {
    private constructor(
        private readonly process: ChildProcess,
        private readonly client: Message,
        readonly stderr: () => string,
    ) {}

    /** Starts the pack as the CLI would; resolves once it serves. */
    static start(timeoutMs = 120_000): Promise<Analyzer> {
        return new Promise((resolve, reject) => {
            // run-policy-pack takes <engine-address> <program>; the pack never calls the engine here.
            const child = spawn(process.execPath, [runPolicyPack, "127.0.0.1:0", "."], { cwd: policyDir, stdio: ["ignore", "pipe", "pipe"] });
            let stdout = "";
            let stderr = "";
            const timer = setTimeout(() => {
                child.kill();
                reject(new Error(`policy pack did not start within ${timeoutMs} ms:\n${stderr}`));
            }, timeoutMs);
            child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
            child.stdout!.on("data", (chunk: Buffer) => {
                stdout += chunk.toString();
                const port = /^(\d+)\s*$/m.exec(stdout);
                if (port) {
                    clearTimeout(timer);
                    const client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port[1]}`, grpc.credentials.createInsecure());
                    resolve(new Analyzer(child, client, () => stderr));
                }
            });
            child.on("exit", (code) => {
                clearTimeout(timer);
                reject(new Error(`policy pack exited with ${code} before serving:\n${stdout}\n${stderr}`));
            });
        });
    }

    /** The pack's process id (for benchmarks reading its CPU time). */
    get pid(): number {
        return this.process.pid!;
    }

    stop(): void {
        this.client.close();
        this.process.kill();
    }

    /** GetAnalyzerInfo: the pack's policies with their levels and config schemas. */
    async info(): Promise<{ name: string; policies: { name: string; enforcementLevel: Level; configSchema: unknown }[] }> {
        const response: Message = await call(this.client, "getAnalyzerInfo", new emptyProto.Empty());
        return {
            name: response.getName(),
            policies: response.getPoliciesList().map((p: Message) => ({
                name: p.getName(),
                enforcementLevel: enforcementLevels[p.getEnforcementlevel()],
                configSchema: p.getConfigschema()?.getProperties()?.toJavaScript(),
            })),
        };
    }

    /** Configure: as `--policy-pack-config` does, every policy's level and properties. */
    async configure(config: Record<string, { enforcementLevel: Level; [key: string]: unknown }>): Promise<void> {
        const request = new analyzerProto.ConfigureAnalyzerRequest();
        for (const [name, { enforcementLevel, ...properties }] of Object.entries(config)) {
            const policyConfig = new analyzerProto.PolicyConfig();
            policyConfig.setEnforcementlevel(enforcementLevels.indexOf(enforcementLevel));
            policyConfig.setProperties(structProto.Struct.fromJavaScript(properties));
            request.getPolicyconfigMap().set(name, policyConfig);
        }
        await call(this.client, "configure", request);
    }

    /** Analyze: one resource's inputs, as during `pulumi preview`. */
    async analyze(resource: AnalyzerResource): Promise<Diagnostic[]> {
        const request = new analyzerProto.AnalyzeRequest();
        request.setType(resource.type);
        request.setProperties(structProto.Struct.fromJavaScript(resource.props));
        request.setUrn(urnOf(resource));
        request.setName(resource.name);
        request.setOptions(options());
        return diagnostics(await call(this.client, "analyze", request));
    }

    /** AnalyzeStack: every resource of the stack after the preview. */
    async analyzeStack(resources: AnalyzerResource[]): Promise<Diagnostic[]> {
        const request = new analyzerProto.AnalyzeStackRequest();
        request.setResourcesList(
            resources.map((resource) => {
                const r = new analyzerProto.AnalyzerResource();
                r.setType(resource.type);
                r.setProperties(structProto.Struct.fromJavaScript(resource.props));
                r.setUrn(urnOf(resource));
                r.setName(resource.name);
                r.setOptions(options());
                return r;
            }),
        );
        return diagnostics(await call(this.client, "analyzeStack", request));
    }

    /** Remediate: the new props of each remediation that changed the resource. */
    async remediate(resource: AnalyzerResource): Promise<{ policyName: string; props: Record<string, unknown> | undefined; diagnostic: string }[]> {
        const request = new analyzerProto.AnalyzeRequest();
        request.setType(resource.type);
        request.setProperties(structProto.Struct.fromJavaScript(resource.props));
        request.setUrn(urnOf(resource));
        request.setName(resource.name);
        request.setOptions(options());
        const response: Message = await call(this.client, "remediate", request);
        return response.getRemediationsList().map((r: Message) => ({
            policyName: r.getPolicyname(),
            props: r.getProperties()?.toJavaScript(),
            diagnostic: r.getDiagnostic(),
        }));
    }
}
