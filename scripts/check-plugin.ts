// Starts this package the way `pulumi-language-nodejs` RunPlugin does (node
// @pulumi/pulumi/cmd/run-plugin <plugin directory>, which loads package.json `main`, i.e. bin/),
// asks it for its schema over gRPC, and compares that with sdk/schema.json. Needs `npm run build`
// first. No Pulumi CLI needed.
//
//   npm run check:plugin
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { describeDifferences, diffJson, repoRoot, schemaPath, sortKeys } from "./generate-schema";

const grpc = require("@grpc/grpc-js");
const providerRpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const providerPb = require("@pulumi/pulumi/proto/provider_pb");

async function main(): Promise<void> {
    if (!fs.existsSync(path.join(repoRoot, "bin", "index.js"))) {
        throw new Error("bin/index.js is missing; run `npm run build` (the plugin runs the built package)");
    }
    const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [repoRoot] });
    const started = Date.now();
    const child = spawn(process.execPath, [runPlugin, repoRoot], { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] });
    try {
        const port = await new Promise<number>((resolve, reject) => {
            let out = "";
            child.stdout.on("data", (chunk: Buffer) => {
                out += chunk.toString();
                const match = out.match(/^(\d+)\s*$/m);
                if (match) resolve(Number(match[1]));
            });
            child.on("exit", (code) => reject(new Error(`plugin exited with ${code} before printing its port: ${out}`)));
        });
        const client = new providerRpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        const request = new providerPb.GetSchemaRequest();
        const served: string = await new Promise((resolve, reject) =>
            client.getSchema(request, (err: Error | null, res: any) => (err ? reject(err) : resolve(res.getSchema()))),
        );
        const committed = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
        const differences = diffJson(committed, sortKeys(JSON.parse(served)));
        console.log(`plugin served its schema after ${Date.now() - started} ms (port ${port})`);
        if (differences.length > 0) {
            console.error(`the plugin's schema differs from sdk/schema.json:\n${describeDifferences(differences)}`);
            process.exitCode = 1;
        } else {
            console.log("the plugin serves sdk/schema.json");
        }
        client.close();
    } finally {
        child.kill();
    }
}

main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
});
