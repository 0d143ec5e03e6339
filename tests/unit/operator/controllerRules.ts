// The controller's reconcile rules, written out by hand (not read from the code under test): what
// it does and nothing else. Held in a ClusterRole, or in a Role in each served namespace.
export const expectedReconcileRules = [
    { apiGroups: ["llamastack.io"], resources: ["llamastackdistributions"], verbs: ["list", "watch"] },
    { apiGroups: ["llamastack.io"], resources: ["llamastackdistributions/status"], verbs: ["patch"] },
    { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list", "watch", "create", "patch"] },
    // Read-only: why a distribution's pods are not scheduled.
    { apiGroups: [""], resources: ["pods"], verbs: ["list"] },
    { apiGroups: [""], resources: ["persistentvolumeclaims"], verbs: ["create"] },
    { apiGroups: [""], resources: ["events"], verbs: ["create"] },
    // Read-only: a TLS Certificate's revision, watched (and read one by one until the watch runs).
    { apiGroups: ["cert-manager.io"], resources: ["certificates"], verbs: ["get", "list", "watch"] },
];
