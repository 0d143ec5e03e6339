// Where the controller mounts a distribution's TLS Secret and CA bundle: shared by the component's
// checks (a user's volume may not take these paths) and the controller that mounts them.

/** The TLS Secret's tls.crt and tls.key; outside the run configuration's read-only mount. */
export const tlsMountPath = "/etc/llama-stack-tls";
/** The CA bundle the server trusts for outbound TLS. */
export const caBundleMountPath = "/etc/llama-stack-ca";
/** The one file the CA bundle's key is mounted as. */
export const caBundleFileName = "ca.crt";
/** The ConfigMap key read when `caBundle.key` is not given. */
export const defaultCaBundleKey = "ca.crt";
