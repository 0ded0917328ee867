/** What the demo's parent tells each child process, as one JSON argument. */

export const SERVICE_ROLES = ['frontend', 'catalog', 'checkout', 'payments'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];
export type ChildRole = ServiceRole | 'loadgen';

export interface ChildConfig {
  readonly role: ChildRole;
  /** Ports of the services this one calls, by name; their address comes from DNS. */
  readonly upstreams: Readonly<Partial<Record<ServiceRole, number>>>;
  /** dnsmasq's port, answering `<name>.demo`; absent when there is none (call 127.0.0.1). */
  readonly dnsPort?: number;
  /** The catalog's PostgreSQL (trust auth, user postgres); absent: products in memory. */
  readonly postgresPort?: number;
  /** Requests per second (load generator only). */
  readonly rate?: number;
}

/** The DNS name services know each other by. */
export function demoHostName(role: ServiceRole): string {
  return `${role}.demo`;
}

/**
 * The child's process title, which Linux also makes its comm (at most 15 bytes), so px names
 * the service `host/demo-<role>` rather than `host/node`.
 */
export function processTitle(role: ChildRole): string {
  return `demo-${role}`;
}
