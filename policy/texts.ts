// Rule texts the autoscaling components (issue 4) enforce too. They are worded exactly as that
// branch adds them to sdk/rules.ts (`rules.utilization`, `rules.minReplicas`,
// `rules.hpaVpaSameResource`); once both branches are on main, import them from ../sdk/rules and
// delete this file — the messages stay the same.

export const sharedAutoscalingTexts = {
    utilization: "must be a whole-number percentage greater than 0 and at most 100",
    minReplicas: "must be a whole number of at least 1",
    hpaVpaSameResource:
        "a VerticalPodAutoscaler that updates pods and a HorizontalPodAutoscaler that scales on the same resource fight each other",
} as const;
