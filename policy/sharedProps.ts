// The decoded props that the pack's server hands, unchanged, to every validating rule of one call
// (decodeOnce.ts). Only these may be copied once and the copy reused (kube.ts, plain): a
// remediation's props are written into between rules, so they are copied afresh every time.

const shared = new WeakSet<object>();

/** Marks decoded props that no rule will write into, for the rest of the process. */
export function markShared(props: object): void {
    shared.add(props);
}

/** Whether these props were marked by markShared. */
export function isShared(props: object): boolean {
    return shared.has(props);
}
