// The decisions of a blue-green rollout, kept free of Pulumi: which pods the Service selects,
// what each colour runs, and in which order a switch happens so that the Service never selects
// nothing.
import { Color } from "./args";
import { colorLabel, rolloutLabels } from "./rollout";

/** Both colours, in a fixed order. */
export const colors: readonly Color[] = [Color.Blue, Color.Green];

/** True for `blue` or `green`. */
export function isColor(value: unknown): value is Color {
    return typeof value === "string" && (colors as readonly string[]).includes(value);
}

/** The colour that is not `color`. */
export function otherColor(color: Color): Color {
    return color === Color.Blue ? Color.Green : Color.Blue;
}

/** Labels on every pod of one colour: the rollout's and the colour's. */
export function colorPodLabels(rolloutName: string, color: Color): Record<string, string> {
    return { ...rolloutLabels(rolloutName), [colorLabel]: color };
}

/** The Service's selector: the rollout's pods of the active colour, and nothing else. */
export function blueGreenSelector(rolloutName: string, active: Color): Record<string, string> {
    return colorPodLabels(rolloutName, active);
}

/** What one colour does in a deployment of the rollout. */
export interface ColorPlan {
    /** Whether the Service selects this colour. */
    active: boolean;
    /** Run the colour's own `replicas` (true) or scale it to zero (false). */
    runsReplicas: boolean;
    /** Make the Kubernetes provider wait until the controller reports the colour ready. */
    awaitReady: boolean;
    /** Change this colour only after the Service has switched (scale-down of the old colour). */
    afterService: boolean;
}

/** The order of a blue-green deployment. */
export interface BlueGreenPlan {
    blue: ColorPlan;
    green: ColorPlan;
    /** Colours the Service waits for before its selector changes. */
    serviceAfter: Color[];
}

/**
 * Plans one deployment: the incoming (active) colour is created or updated first, and awaited
 * when asked; the Service's selector moves after it; a colour scaled to zero is scaled down only
 * after the Service has stopped selecting it. A kept-warm inactive colour is also settled before
 * the Service, so that the Service depends on both colours.
 */
export function planBlueGreen(active: Color, scaleDownInactive: boolean, awaitReady: boolean): BlueGreenPlan {
    const inactive = otherColor(active);
    const plan = {
        [active]: { active: true, runsReplicas: true, awaitReady, afterService: false },
        [inactive]: { active: false, runsReplicas: !scaleDownInactive, awaitReady: false, afterService: scaleDownInactive },
    } as Record<Color, ColorPlan>;
    return {
        blue: plan.blue,
        green: plan.green,
        serviceAfter: scaleDownInactive ? [active] : [active, inactive],
    };
}
