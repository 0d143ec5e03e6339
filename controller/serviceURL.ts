// `status.serviceURL`: where clients in the cluster reach the distribution. The Service is the
// Distribution component's (or the user's), not the controller's: the distribution names it in an
// annotation, so the controller needs no read access to Services.
import { isDns1035Label } from "../src/core/names";
import { serviceAnnotation } from "./names";
import { hasTls } from "./tls";
import { Distribution } from "./types";

const digits = /^[0-9]{1,5}$/;

/** `http(s)://<service>.<namespace>.svc:<port>` (https when the server serves TLS) from the `llamastack.io/service: <service>:<port>` annotation. */
export function serviceURLOf(distribution: Distribution): string | undefined {
    const value = distribution.metadata.annotations?.[serviceAnnotation];
    if (typeof value !== "string" || value.length > 70) {
        return undefined;
    }
    const [service, port, extra] = value.split(":");
    if (extra !== undefined || !isDns1035Label(service ?? "") || !digits.test(port ?? "") || Number(port) < 1 || Number(port) > 65535) {
        return undefined;
    }
    const scheme = hasTls(distribution.spec) ? "https" : "http";
    return `${scheme}://${service}.${distribution.metadata.namespace ?? "default"}.svc:${port}`;
}
