// How the LlamaStack server in the pod is started: where its run configuration is mounted and the
// arguments and environment that make the image read it.
import { defaultContainerPort, defaultRunConfigKey, defaultStorageMountPath, runConfigFileName, runConfigMountPath } from "./names";
import { DistributionSpec } from "./types";

/** The run configuration's path inside the container. */
export const runConfigPath = `${runConfigMountPath}/${runConfigFileName}`;

/** What the controller adds to the server container so that it starts as the spec asks. */
export interface ServerInvocation {
    args: string[];
    env: { name: string; value: string }[];
    volumeMounts: Record<string, unknown>[];
}

/**
 * Arguments, environment and mounts for the spec, as llama-stack 0.2.x reads them (checked against
 * the real server in tests/e2e/llamaServer.e2e.ts). The image's own entrypoint stays (the
 * distribution images run `python -m llama_stack.distribution.server.server --template <name>`, and
 * an explicit `--config` wins over `--template`), so an image with its own start command keeps it.
 * - `LLAMA_STACK_PORT`: the port; the server ignores the run configuration's `server.port`.
 * - `LLAMA_STACK_CONFIG_DIR`: where the server keeps its stores (`~/.llama` otherwise, under a
 *   read-only root filesystem): the storage volume.
 * - `SQLITE_STORE_DIR`: where the distributions' run configurations put their SQLite stores
 *   (`${env.SQLITE_STORE_DIR:~/.llama/...}`), on the storage volume wherever it is mounted.
 * - `HF_HOME`: any Hugging Face download lands on the storage volume too.
 * No `workers`: llama-stack 0.2 runs one uvicorn worker (it passes the app object, which uvicorn
 * cannot fork); scale with replicas.
 */
export function serverInvocation(spec: DistributionSpec): ServerInvocation {
    const storage = spec.storage?.mountPath ?? defaultStorageMountPath;
    const invocation: ServerInvocation = {
        args: [],
        env: [
            { name: "LLAMA_STACK_PORT", value: String(spec.port ?? defaultContainerPort) },
            { name: "LLAMA_STACK_CONFIG_DIR", value: storage },
            { name: "SQLITE_STORE_DIR", value: storage },
            { name: "HF_HOME", value: `${storage.replace(/\/$/, "")}/huggingface` },
        ],
        volumeMounts: [],
    };
    if (spec.runConfig) {
        invocation.args.push("--config", runConfigPath);
        invocation.volumeMounts.push({ name: "run-config", mountPath: runConfigMountPath, readOnly: true });
    }
    return invocation;
}

/** The read-only volume holding the run configuration, under one fixed file name. */
export function runConfigVolume(spec: DistributionSpec): Record<string, unknown> | undefined {
    if (!spec.runConfig) {
        return undefined;
    }
    return {
        name: "run-config",
        configMap: {
            name: spec.runConfig.configMapName,
            items: [{ key: spec.runConfig.key ?? defaultRunConfigKey, path: runConfigFileName }],
        },
    };
}
