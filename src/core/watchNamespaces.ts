// The name of the environment variable that tells the controller which namespaces it serves; shared
// by LlamaStackOperator, which sets it, and the controller, which reads it.

/** Comma-separated namespaces the controller lists, watches and reconciles in; unset means every namespace. */
export const watchNamespacesEnv = "WATCH_NAMESPACES";
