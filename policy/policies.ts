// Every rule of the pack, in the order the docs list them (docs/policy.md).

import { Policies } from "@pulumi/policy";
import { autoscalerTargetInStack, hpaOwnsReplicas, hpaVpaConflict } from "./autoscalers";
import { disruptionBudgetRequired, spotMinReplicas } from "./availability";
import { disruptionBudgetAllowsEviction, disruptionBudgetSelectsPods } from "./disruptionBudgets";
import { hpaMinReplicas, hpaReplicaBounds, hpaScaleDownStabilization, hpaUtilizationTargets } from "./hpa";
import { allowedImageRegistries, imageTagPinned } from "./images";
import { gpuToleratesNodePoolTaint } from "./nodepools";
import { podSecurityRestricted } from "./podSecurity";
import { containerProbes, livenessDiffersFromReadiness, startupProbeForSlowStart } from "./probes";
import { podSecurityBaseline } from "./podSecurityBaseline";
import { gpuRequestsEqualLimits, limitsToRequestsRatio, requestsAndLimits } from "./resources";
import { loadBalancerSourceRanges } from "./services";
import { replicasSpread, topologySpreadSelectsPods, topologySpreadValid } from "./spread";

export const policies: Policies = [
    limitsToRequestsRatio,
    requestsAndLimits,
    gpuRequestsEqualLimits,
    imageTagPinned,
    allowedImageRegistries,
    hpaReplicaBounds,
    hpaMinReplicas,
    hpaUtilizationTargets,
    hpaScaleDownStabilization,
    podSecurityBaseline,
    podSecurityRestricted,
    loadBalancerSourceRanges,
    containerProbes,
    livenessDiffersFromReadiness,
    startupProbeForSlowStart,
    topologySpreadValid,
    topologySpreadSelectsPods,
    hpaVpaConflict,
    hpaOwnsReplicas,
    autoscalerTargetInStack,
    disruptionBudgetRequired,
    disruptionBudgetAllowsEviction,
    disruptionBudgetSelectsPods,
    spotMinReplicas,
    replicasSpread,
    gpuToleratesNodePoolTaint,
];
