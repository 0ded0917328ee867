import type { ProcessRegistry } from '../collector/proc/process-registry.js';
import { serviceNameOf, type MetadataProvider } from '../pxl/metadata.js';

/** PxL's metadata questions answered from what the collector learned of the node's processes. */
export function registryMetadata(registry: ProcessRegistry): MetadataProvider {
  return {
    processOf: (upid) => registry.processOf(upid),
    upidOfPid: (pid) => registry.upidOfPid(pid),
    serviceOfEndpoint: (addr, port) => {
      const upid = registry.serverAt(addr, port);
      const process = upid === undefined ? undefined : registry.processOf(upid);
      return process === undefined ? undefined : serviceNameOf(process);
    },
    // A bare host has no pods with addresses of their own.
    podIdOfIp: () => undefined,
    podById: () => undefined,
    nameOfIp: () => undefined,
    hostname: () => registry.hostname(),
  };
}
