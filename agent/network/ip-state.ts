// Parsers for the JSON that iproute2 prints: `ip -d -j link show`, `bridge -j fdb show`,
// `ip -j -4 neigh show` and `ip -j addr show`. Pure; they keep only what the overlay planner reads.

export interface VxlanInfo {
  vni: number;
  local: string;
  port: number;
  learning: boolean;
  proxy: boolean;
}

export interface LinkState {
  name: string;
  mtu: number;
  /** The bridge it is a port of; "" for none. */
  master: string;
  up: boolean;
  /** Set for VXLAN devices only. */
  vxlan?: VxlanInfo;
}

/** A remote-destination FDB entry of a VXLAN device (entries without `dst` are the bridge's own). */
export interface FdbEntry {
  mac: string;
  dev: string;
  dst: string;
  permanent: boolean;
}

export interface NeighEntry {
  ip: string;
  dev: string;
  mac: string;
  permanent: boolean;
}

/** A MAC the bridge learned from traffic on one of its ports (a dynamic `master` entry). */
export interface LearnedEntry {
  mac: string;
  /** The bridge port it was learned on. */
  dev: string;
}

/** What the host has now, as the overlay planner sees it. */
export interface OverlayState {
  links: LinkState[];
  fdb: FdbEntry[];
  neigh: NeighEntry[];
  /** What the bridges learned, as read from the host; empty in a plan's `after` (traffic changes it). */
  learned: LearnedEntry[];
  /**
   * Per VXLAN device, the MACs of this host's own tasks on its network as of the last plan;
   * undefined when the state was read from the host (which cannot say).
   */
  localMacs?: ReadonlyMap<string, ReadonlySet<string>>;
}

interface RawLink {
  ifname: string;
  mtu: number;
  master?: string;
  flags?: string[];
  linkinfo?: {
    info_kind?: string;
    info_data?: { id?: number; local?: string; port?: number; learning?: boolean; proxy?: boolean };
  };
}

/** `ip` prints nothing at all, not "[]", when a filter matches nothing. */
function parseArray<T>(json: string): T[] {
  const text = json.trim();
  return text === '' ? [] : (JSON.parse(text) as T[]);
}

export function parseLinks(json: string): LinkState[] {
  return parseArray<RawLink>(json).map((l) => {
    const link: LinkState = { name: l.ifname, mtu: l.mtu, master: l.master ?? '', up: (l.flags ?? []).includes('UP') };
    const info = l.linkinfo;
    if (info?.info_kind === 'vxlan' && info.info_data) {
      const d = info.info_data;
      // iproute2 omits `proxy` when it is off.
      link.vxlan = {
        vni: d.id ?? 0,
        local: d.local ?? '',
        port: d.port ?? 0,
        learning: d.learning ?? true,
        proxy: d.proxy ?? false,
      };
    }
    return link;
  });
}

interface RawFdb {
  mac: string;
  ifname: string;
  dst?: string;
  master?: string;
  state?: string;
}

export function parseFdb(json: string): FdbEntry[] {
  return parseArray<RawFdb>(json)
    .filter((e): e is RawFdb & { dst: string } => typeof e.dst === 'string')
    .map((e) => ({ mac: e.mac.toLowerCase(), dev: e.ifname, dst: e.dst, permanent: e.state === 'permanent' }));
}

/**
 * The bridges' learned entries in `bridge -j fdb show` output: on a port, no destination, neither permanent nor static.
 */
export function parseLearned(json: string): LearnedEntry[] {
  return parseArray<RawFdb>(json)
    .filter((e) => e.master !== undefined && e.dst === undefined && e.state !== 'permanent' && e.state !== 'static')
    .map((e) => ({ mac: e.mac.toLowerCase(), dev: e.ifname }));
}

interface RawNeigh {
  dst: string;
  dev: string;
  lladdr?: string;
  state?: string[];
}

export function parseNeigh(json: string): NeighEntry[] {
  return parseArray<RawNeigh>(json).map((n) => ({
    ip: n.dst,
    dev: n.dev,
    mac: (n.lladdr ?? '').toLowerCase(),
    permanent: (n.state ?? []).includes('PERMANENT'),
  }));
}

interface RawAddrLink {
  mtu: number;
  addr_info?: { local?: string }[];
}

/** The MTU of the interface that holds `address`, from `ip -j addr show`; undefined when none does. */
export function mtuOfAddress(json: string, address: string): number | undefined {
  return parseArray<RawAddrLink>(json).find((l) => (l.addr_info ?? []).some((a) => a.local === address))?.mtu;
}
