// How the LlamaStack server in the pod is started: where its run configuration is mounted and the
// arguments and environment that make the image read it.
import { defaultContainerPort, defaultRunConfigKey, runConfigFileName, runConfigMountPath } from "./names";
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
 * Arguments, environment and mounts for the spec. The image's own entrypoint stays (an image
 * override with its own start command keeps working); the run configuration is passed the way the
 * LlamaStack server reads it, and the port it listens on follows `spec.port`.
 */
export function serverInvocation(spec: DistributionSpec): ServerInvocation {
    const invocation: ServerInvocation = {
        args: [],
        env: [{ name: "LLAMA_STACK_PORT", value: String(spec.port ?? defaultContainerPort) }],
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
