// Small helpers for the end-to-end tier: run the real CLIs and read JSON from the API server.
import { execFileSync, spawnSync } from "child_process";
import { rmSync } from "fs";
import * as path from "path";

/** The repository root: the quickstart project lives there. */
export const repoRoot = path.resolve(__dirname, "..", "..");

export interface Result {
    status: number;
    stdout: string;
    stderr: string;
}

/** Runs a command to completion and returns its exit code and output; never throws on failure. */
export function run(command: string, args: string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): Result {
    const result = spawnSync(command, args, {
        cwd: options.cwd ?? repoRoot,
        input: options.input,
        env: { ...process.env, ...options.env },
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    if (result.error) {
        throw result.error;
    }
    return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a command and fails with its output when it exits non-zero. */
export function ok(command: string, args: string[], options: Parameters<typeof run>[2] = {}): string {
    const result = run(command, args, options);
    if (result.status !== 0) {
        throw new Error(`${command} ${args.join(" ")} exited ${result.status}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
    }
    return result.stdout;
}

/** `kubectl ... -o json`, parsed. */
export function kubectlJson(args: string[]): any {
    return JSON.parse(execFileSync("kubectl", [...args, "-o", "json"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }));
}

/** Polls `check` until it returns true or the time is up. */
export async function eventually(what: string, check: () => boolean, timeoutMs = 60000, intervalMs = 500): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    while (Date.now() < deadline) {
        try {
            if (check()) {
                return;
            }
        } catch (e) {
            lastError = e;
        }
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
    throw new Error(`timed out waiting for ${what}${lastError ? `: ${lastError}` : ""}`);
}

/**
 * A fresh stack `stack` of the program in `cwd` for the enclosing `describe`: a stack left by an
 * interrupted run, and its config file, are removed first; the stack is destroyed and removed
 * after. Returns `pulumi(...args)`, run in `cwd` on that stack.
 */
export function freshStack(cwd: string, stack: string): (...args: string[]) => string {
    before(() => {
        rmSync(path.join(cwd, `Pulumi.${stack}.yaml`), { force: true });
        run("pulumi", ["stack", "rm", "--yes", "--force", stack], { cwd });
        ok("pulumi", ["stack", "init", stack], { cwd });
    });
    after(() => {
        run("pulumi", ["destroy", "--yes", "--skip-preview", "--stack", stack], { cwd });
        run("pulumi", ["stack", "rm", "--yes", "--force", stack], { cwd });
    });
    return (...args) => ok("pulumi", [...args, "--stack", stack], { cwd });
}
