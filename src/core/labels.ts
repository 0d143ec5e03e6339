/** The label the guide's Service selects on, `app: <name>`; the controller puts it on every pod. */
export const appLabel = "app";

/** The labels that select a distribution's pods. Kept minimal: selectors cannot change later. */
export function selectorLabels(name: string): Record<string, string> {
    return { [appLabel]: name };
}

/** Recommended labels on every object this package creates for a distribution. */
export function commonLabels(name: string): Record<string, string> {
    return {
        "app.kubernetes.io/name": "llamastack",
        "app.kubernetes.io/instance": name,
        "app.kubernetes.io/managed-by": "pulumi",
        "app.kubernetes.io/part-of": "llamastack",
    };
}
