// The allowed values of a spec's enumerated fields: one list each, for the stack loader and the
// manager's validation alike.
export const SERVICE_MODES = ['replicated', 'global'] as const;
export const ENDPOINT_MODES = ['vip', 'dnsrr'] as const;
export const RESTART_CONDITIONS = ['none', 'on-failure', 'any'] as const;
export const FAILURE_ACTIONS = ['continue', 'rollback', 'pause'] as const;
export const UPDATE_ORDERS = ['stop-first', 'start-first'] as const;
export const PORT_PROTOCOLS = ['tcp', 'udp', 'sctp'] as const;
export const PUBLISH_MODES = ['ingress', 'host'] as const;
export const AVAILABILITIES = ['active', 'pause', 'drain'] as const;
