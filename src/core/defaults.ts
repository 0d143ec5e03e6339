// Defaults more than one concept uses, stated once; each concept's own are in its defaults.ts, and the
// doc comments on the args repeat them for users. Plain constants: the bundled controller imports them too.

/** The resource name NVIDIA's device plugin advertises. */
export const defaultGpuResourceName = "nvidia.com/gpu";
/** Name of the server container; VPAs address it by this name. */
export const containerName = "llamastack";
/** The guide's spot node label. */
export const defaultSpotNodeSelector: Record<string, string> = { "node-type": "spot" };
/** The guide's spot toleration, `spot=true:NoSchedule`; spot pools carry the matching taint. */
export const defaultSpotToleration = { key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" } as const;
