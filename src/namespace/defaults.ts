// LlamaStackNamespace's defaults, stated once; the doc comments on the args repeat them for users.

/** Pod Security level of a LlamaStackNamespace. */
export const defaultPodSecurityLevel = "restricted";
/** Pod Security Standards version the labels pin. */
export const defaultPodSecurityVersion = "latest";
/** The guide's "limits at most 2x requests", enforced by the LimitRange at admission. */
export const defaultMaxLimitRequestRatio = "2";
/** Requests given to containers that set none, in a LlamaStackNamespace. */
export const defaultContainerRequests: Record<string, string> = { cpu: "250m", memory: "512Mi" };
/** Limits given to containers that set none, in a LlamaStackNamespace (2x the default requests). */
export const defaultContainerLimits: Record<string, string> = { cpu: "500m", memory: "1Gi" };
