// The overlay commands a host needs: desired networks (from the network map) against what the host
// has (parsed `ip`/`bridge` output) to `ip`/`bridge` argv. Pure. Applying a plan and planning again
// gives an empty plan.
//
// Per network: a VXLAN device shvx<vni> (port of the Docker-owned bridge shbr<vni>), and for every
// other host with tasks on it, a flooding FDB entry (all-zero MAC, for broadcast and unknown unicast),
// a static FDB entry per remote task MAC and a permanent neighbour entry per remote task IP. The device
// is made with `proxy`, so it answers containers' ARP requests from those neighbour entries and no ARP
// crosses the underlay. When a task here may have a MAC the bridge learned on the VXLAN port while
// its address belonged to a remote task, the port's learned entries are flushed (see learnedStale).
// A new device gets an RPS mask (see rpsMask), set last in the plan: a host
// that refuses it (no sysfs to mount, say) has a working overlay all the same, and a warning.
//
// A plan also says what the host has once its commands succeed (`after`), so the next pass can plan
// against that instead of reading the host again.
import type { NetworkView__Output as NetworkView } from '../../proto/generated/shoal/v1/NetworkView';
import type { FdbEntry, LinkState, NeighEntry, OverlayState } from './ip-state';
import { bareAddress, taskMac } from '../../domain/address';
import { bridgeName, overlayMtu, rpsMask, VXLAN_PORT, vniOfVxlanName, vxlanName } from './overlay-names';

export type Argv = readonly string[];

export interface OverlayInput {
  /** The networks this host's tasks are on (the network map's networks). */
  desired: readonly NetworkView[];
  current: OverlayState;
  /** This host's underlay address: the VXLAN source, and how this host is told apart from its peers. */
  localAddress: string;
  underlayMtu: number;
  /** The host's CPUs, for the RPS mask of new VXLAN devices. */
  cpuCount: number;
}

export interface OverlayPlan {
  commands: Argv[];
  /** VNIs of desired networks whose bridge does not exist yet (Docker has not made it): nothing planned for them. */
  waiting: number[];
  /** The host's state once every command succeeded: planning again against it gives no commands. */
  after: OverlayState;
}

const FLOOD_MAC = '00:00:00:00:00:00';

/**
 * Writes `$2` to the RPS mask of device `$1`. `/sys` shows the devices of the network namespace that
 * mounted it, which is not the agent's when the agent runs in a namespace of its own (as on the
 * testbed); so the write goes through a sysfs mounted in a private mount namespace, from the agent's
 * network namespace. The device and mask are arguments, never part of the script.
 */
const SET_RPS_SCRIPT = 'mount -t sysfs sysfs /sys && echo "$2" > "/sys/class/net/$1/queues/rx-0/rps_cpus"';

export function setRpsCommand(dev: string, mask: string): Argv {
  return ['unshare', '--mount', 'sh', '-c', SET_RPS_SCRIPT, 'sh', dev, mask];
}

interface WantedFdb {
  mac: string;
  dst: string;
}

interface WantedNeigh {
  ip: string;
  mac: string;
}

export function planOverlay(input: OverlayInput): OverlayPlan {
  const { desired, current, localAddress } = input;
  const mtu = overlayMtu(input.underlayMtu);
  const rps = rpsMask(input.cpuCount);
  const links = new Map(current.links.map((l) => [l.name, l]));
  const wantedVnis = new Set(desired.map((v) => v.vni));
  const commands: Argv[] = [];
  const waiting: number[] = [];
  /** Devices deleted or made to match: their link and entries in `after` are the desired ones (or none). */
  const replaced = new Set<string>();
  const localMacs = new Map<string, ReadonlySet<string>>();
  const after: OverlayState = { links: [], fdb: [], neigh: [], learned: [], localMacs };
  /** RPS masks of new devices: after everything else, as a failure costs only the speed-up. */
  const tuning: Argv[] = [];

  for (const link of current.links) {
    const vni = vniOfVxlanName(link.name);
    if (vni !== undefined && link.vxlan && !wantedVnis.has(vni)) {
      commands.push(['ip', 'link', 'del', 'dev', link.name]);
      replaced.add(link.name);
    }
  }

  for (const view of [...desired].sort((a, b) => a.vni - b.vni)) {
    if (!links.has(bridgeName(view.vni))) {
      waiting.push(view.vni);
      continue;
    }
    const dev = vxlanName(view.vni);
    const device = planDevice(links.get(dev), view.vni, localAddress, mtu);
    commands.push(...device.commands);
    if (device.fresh && rps !== undefined) tuning.push(setRpsCommand(dev, rps));
    const fdb = device.fresh ? [] : current.fdb.filter((e) => e.dev === dev);
    const neigh = device.fresh ? [] : current.neigh.filter((n) => n.dev === dev);
    const want = wanted(view, localAddress);
    commands.push(...planEntries(dev, want, fdb, neigh));
    const local = localTaskMacs(view, localAddress);
    if (!device.fresh && learnedStale(dev, local, current))
      commands.push(['bridge', 'fdb', 'flush', 'dev', bridgeName(view.vni), 'brport', dev, 'dynamic']);
    localMacs.set(dev, local);
    replaced.add(dev);
    after.links.push(desiredLink(view.vni, localAddress, mtu));
    after.fdb.push(...want.fdb.map((e) => ({ ...e, dev, permanent: true })));
    after.neigh.push(...want.neigh.map((n) => ({ ...n, dev, permanent: true })));
  }
  after.links.push(...current.links.filter((l) => !replaced.has(l.name)));
  after.fdb.push(...current.fdb.filter((e) => !replaced.has(e.dev)));
  after.neigh.push(...current.neigh.filter((n) => !replaced.has(n.dev)));
  return { commands: [...commands, ...tuning], waiting, after };
}

/** The MACs of this host's own tasks on the network. */
function localTaskMacs(view: NetworkView, localAddress: string): Set<string> {
  const here = view.peers.find((p) => p.address === localAddress);
  return new Set((here?.taskIps ?? []).map((ip) => taskMac(bareAddress(ip))));
}

/**
 * Whether the bridge may send frames for one of this host's tasks into the VXLAN port. The bridge
 * learns the MAC of every remote task that sends to a local one, on the VXLAN port, for its ageing
 * time (300 s); a task address (and so its MAC) that is later given to a task here would stay
 * unreachable from this host until that task sends a frame itself, which a server never does
 * first. So the port's learned entries are flushed when a read of the host shows such an entry, or,
 * planning against the last plan, when a task here is new (its MAC may have been remote before).
 */
function learnedStale(dev: string, local: ReadonlySet<string>, current: OverlayState): boolean {
  const before = current.localMacs?.get(dev);
  if (before === undefined) return current.learned.some((e) => e.dev === dev && local.has(e.mac));
  return [...local].some((mac) => !before.has(mac));
}

/** The VXLAN device of `vni` as planDevice leaves it. */
function desiredLink(vni: number, localAddress: string, mtu: number): LinkState {
  return {
    name: vxlanName(vni),
    mtu,
    master: bridgeName(vni),
    up: true,
    vxlan: { vni, local: localAddress, port: VXLAN_PORT, learning: false, proxy: true },
  };
}

/**
 * Create the device, or repair it; a device with the wrong identity (VNI, local address, port, flags) is made again.
 */
function planDevice(
  link: LinkState | undefined,
  vni: number,
  localAddress: string,
  mtu: number,
): { commands: Argv[]; fresh: boolean } {
  const dev = vxlanName(vni);
  const attach: Argv = ['ip', 'link', 'set', 'dev', dev, 'master', bridgeName(vni), 'up'];
  const x = link?.vxlan;
  if (!link || !x || x.vni !== vni || x.local !== localAddress || x.port !== VXLAN_PORT || x.learning || !x.proxy) {
    const add: Argv = [
      'ip',
      'link',
      'add',
      dev,
      'mtu',
      String(mtu),
      'type',
      'vxlan',
      'id',
      String(vni),
      'dstport',
      String(VXLAN_PORT),
      'local',
      localAddress,
      'nolearning',
      'proxy',
    ];
    return { commands: [...(link ? [['ip', 'link', 'del', 'dev', dev]] : []), add, attach], fresh: true };
  }
  const commands: Argv[] = [];
  if (link.mtu !== mtu) commands.push(['ip', 'link', 'set', 'dev', dev, 'mtu', String(mtu)]);
  if (link.master !== bridgeName(vni) || !link.up) commands.push(attach);
  return { commands, fresh: false };
}

/** The entries remote peers need: flooding per peer host, MAC and neighbour per remote task. */
function wanted(view: NetworkView, localAddress: string): { fdb: WantedFdb[]; neigh: WantedNeigh[] } {
  const fdb: WantedFdb[] = [];
  const neigh: WantedNeigh[] = [];
  const seenMacs = new Set<string>();
  for (const peer of view.peers) {
    if (peer.address === localAddress || peer.address === '') continue;
    fdb.push({ mac: FLOOD_MAC, dst: peer.address });
    for (const address of peer.taskIps) {
      const ip = bareAddress(address);
      const mac = taskMac(ip);
      if (seenMacs.has(mac)) continue; // one address on two hosts is the map's fault; the first host wins
      seenMacs.add(mac);
      fdb.push({ mac, dst: peer.address });
      neigh.push({ ip, mac });
    }
  }
  return { fdb, neigh };
}

/** Removals first, so a task MAC that moved to another host is deleted before it is added again. */
function planEntries(
  dev: string,
  want: { fdb: WantedFdb[]; neigh: WantedNeigh[] },
  fdb: FdbEntry[],
  neigh: NeighEntry[],
): Argv[] {
  const fdbKey = (e: WantedFdb) => `${e.mac}|${e.dst}`;
  const wantedFdb = new Set(want.fdb.map(fdbKey));
  const haveFdb = new Set(fdb.filter((e) => e.permanent).map(fdbKey));
  const wantedNeigh = new Map(want.neigh.map((n) => [n.ip, n.mac]));
  const haveNeigh = new Map(neigh.filter((n) => n.permanent).map((n) => [n.ip, n.mac]));

  const commands: Argv[] = [];
  for (const e of fdb) {
    if (!wantedFdb.has(fdbKey(e))) commands.push(['bridge', 'fdb', 'del', e.mac, 'dev', dev, 'dst', e.dst]);
  }
  for (const n of neigh) {
    if (!wantedNeigh.has(n.ip)) commands.push(['ip', 'neigh', 'del', n.ip, 'dev', dev]);
  }
  for (const e of want.fdb) {
    if (haveFdb.has(fdbKey(e))) continue;
    // The flooding MAC holds one entry per peer (append); a task MAC has exactly one destination (replace).
    const verb = e.mac === FLOOD_MAC ? 'append' : 'replace';
    commands.push(['bridge', 'fdb', verb, e.mac, 'dev', dev, 'dst', e.dst, 'self', 'permanent']);
  }
  for (const n of want.neigh) {
    if (haveNeigh.get(n.ip) === n.mac) continue;
    commands.push(['ip', 'neigh', 'replace', n.ip, 'lladdr', n.mac, 'dev', dev, 'nud', 'permanent']);
  }
  return commands;
}
