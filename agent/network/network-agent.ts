// The network agent: applies this node's network map. A new map or a container start only marks it
// dirty; each tick makes the engine's bridge networks match the map (planBridgeNetworks), then the
// VXLAN devices and their entries (OverlayDevices), the host's isolation rules between overlays and
// its published ports, one DNS server per overlay on its gateway, and the VIP rules inside every
// running container whose rules changed. A failing step is logged and the tick retried with backoff;
// the other steps still run.
//
// Nothing happens before the first map arrives: an agent that just started does not know yet which
// networks are still wanted, and removes nothing until it does (after a reconnect, the last map holds).
import { availableParallelism } from 'node:os';
import type { Logger } from 'pino';
import { systemClock, type Clock, type Timers } from '../../lib/clock';
import { ControlLoop } from '../../lib/control-loop';
import type { NetworkView__Output as NetworkView } from '../../proto/generated/shoal/v1/NetworkView';
import type { PublishedService__Output as PublishedService } from '../../proto/generated/shoal/v1/PublishedService';
import type { DnsListener } from '../dns/server';
import type { WholeNetworkMap } from '../network-map-chunks';
import type { ContainerRuntime } from '../runtime/container-runtime';
import { planBridgeNetworks } from './bridge-network';
import { NETWORK_LABEL } from '../runtime/engine-api';
import type { CommandRunner } from './ip';
import {
  backendsOf,
  planDnsListeners,
  planIsolation,
  planVipUpdates,
  presentNetworks,
  removableNetworks,
  type AppliedVip,
  type VipUpdatePlan,
} from './network-agent-plan';
import { OverlayDevices, readUnderlayMtu } from './overlay';
import { planPublishedPortRules, publishedBackends } from './published-ports-plan';
import { applyVipRules, type VipTarget } from './vip';

/**
 * A map and the container starts around it come in bursts (each task that starts changes every
 * VIP's backends): gather them for 100 ms, so a burst costs one pass of `ip`/`nft` runs, well
 * inside the second in which DNS and VIPs must follow a change.
 */
const DEBOUNCE_MS = 100;
/**
 * Container events that change what a tick does: a start needs VIP rules; a container that died or
 * is gone may have held the last use of a network the map no longer lists.
 */
const EVENTS: ReadonlySet<string> = new Set(['start', 'die', 'destroy']);

/**
 * Runs one step of a tick: a failure is logged with `fields` and marks the tick for a retry; the other steps still run.
 */
type Step = (what: string, fields: Record<string, unknown>, fn: () => Promise<void>) => Promise<void>;

/** The DNS server of one overlay (DnsServer): what the network agent calls. */
export interface OverlayDns {
  start(listeners: readonly DnsListener[]): Promise<DnsListener[]>;
  update(views: readonly NetworkView[]): void;
  stop(): Promise<void>;
}

export interface NetworkAgentOptions {
  runtime: Pick<
    ContainerRuntime,
    'list' | 'listNetworks' | 'createNetwork' | 'removeNetwork' | 'containerPid' | 'events'
  >;
  runner: CommandRunner;
  /** This host's underlay address: the VXLAN source, and how the map's peers tell this host apart. */
  localAddress: string;
  /** A DNS server for one overlay (a DnsServer with the host's upstreams). */
  newDns: () => OverlayDns;
  logger: Logger;
  /** Called after each tick: engine networks may exist now, and backends may have changed. */
  onApplied?: () => void;
  clock?: Clock;
  timers?: Timers;
}

export class NetworkAgent {
  private views?: readonly NetworkView[];
  private published: readonly PublishedService[] = [];
  private sequence = 0;
  private underlayMtu?: number;
  private readonly dns = new Map<string, { address: string; server: OverlayDns }>();
  /** The nft scripts last applied, by table: one is run again only when it changes. */
  private readonly nftApplied = new Map<string, string>();
  private readonly vipApplied = new Map<string, AppliedVip>();
  /** Container id → its main process, which never changes while it runs: one inspect per container. */
  private readonly pids = new Map<string, number>();
  private appliedBackends: ReadonlySet<string> = new Set();
  private readonly loop: ControlLoop;
  private readonly overlay: OverlayDevices;
  private readonly clock: Clock;
  private stopEvents?: () => void;

  constructor(private readonly opts: NetworkAgentOptions) {
    this.clock = opts.clock ?? systemClock;
    this.overlay = new OverlayDevices(opts.runner, this.clock);
    this.loop = new ControlLoop({
      name: 'network',
      debounceMs: DEBOUNCE_MS,
      tick: () => this.tick(),
      logger: opts.logger,
      clock: this.clock,
      timers: opts.timers,
    });
  }

  start(): void {
    this.stopEvents = this.opts.runtime.events((e) => {
      if (EVENTS.has(e.action)) this.loop.markDirty();
    });
    this.loop.start();
  }

  /** Stops applying maps and closes the DNS servers; devices, networks and rules stay for the next agent. */
  async stop(): Promise<void> {
    this.loop.stop();
    this.stopEvents?.();
    await Promise.all([...this.dns.values()].map((d) => d.server.stop()));
    this.dns.clear();
  }

  /** The node's whole map, after each batch of changes (agent/network-map-chunks.ts assembles it). */
  onNetworkMap(map: WholeNetworkMap): void {
    this.views = map.networks;
    this.published = map.published;
    this.sequence = map.sequence;
    this.loop.markDirty();
  }

  /** Task addresses that DNS, VIPs and published ports lead to in the map last applied here. */
  backends(): ReadonlySet<string> {
    return this.appliedBackends;
  }

  private async tick(): Promise<void> {
    const views = this.views;
    const published = this.published;
    if (views === undefined) return;
    const failed: string[] = [];
    const step: Step = async (what, fields, fn) => {
      try {
        await fn();
      } catch (err) {
        failed.push(what);
        this.opts.logger.warn({ err, ...fields, 'map.sequence': this.sequence }, `${what} failed; will retry`);
      }
    };
    const rt = this.opts.runtime;
    this.underlayMtu ??= await readUnderlayMtu(this.opts.runner, this.opts.localAddress);
    const mtu = this.underlayMtu;
    const [containers, engine] = await Promise.all([rt.list(), rt.listNetworks()]);

    const bridges = planBridgeNetworks(views, engine, mtu);
    const removed = new Set<string>();
    for (const id of removableNetworks(bridges.remove, engine, containers)) {
      await step('removing network', { 'engine.network.id': id }, async () => {
        await rt.removeNetwork(id);
        removed.add(id);
        this.opts.logger.info({ 'engine.network.id': id }, 'network removed');
      });
    }
    const present = presentNetworks(engine.filter((n) => !removed.has(n.id)));
    for (const body of bridges.create) {
      await step('creating network', { 'network.name': body.Name }, async () => {
        await rt.createNetwork(body);
        present.add(body.Labels[NETWORK_LABEL]);
        this.opts.logger.info(
          { 'network.name': body.Name, 'network.id': body.Labels[NETWORK_LABEL] },
          'network created',
        );
      });
    }
    await step('overlay', {}, async () => {
      await this.overlay.ensure({
        desired: views,
        localAddress: this.opts.localAddress,
        underlayMtu: mtu,
        cpuCount: availableParallelism(),
      });
    });
    await step('isolation rules', {}, () => this.applyNft('isolation', planIsolation(views)));
    await step('published ports', {}, () =>
      this.applyNft('published', planPublishedPortRules(published, this.opts.localAddress)),
    );
    await this.applyDns(views, present, step);
    const now = this.clock.now();
    const vip = planVipUpdates(views, containers, this.vipApplied, now);
    if (vip.wakeAt !== undefined) this.loop.wakeAtTime(vip.wakeAt, now);
    for (const id of vip.forget) {
      this.vipApplied.delete(id);
      this.pids.delete(id);
    }
    await this.applyVip(vip.apply, now, step);
    this.appliedBackends = new Set([...backendsOf(views), ...publishedBackends(published)]);
    this.opts.onApplied?.();
    if (failed.length > 0) throw new Error(`network map ${this.sequence}: ${failed.join(', ')} failed`);
  }

  /** Each container's rules in its own namespace, all in one child process; a container's failure is its own. */
  private async applyVip(updates: VipUpdatePlan['apply'], now: number, step: Step): Promise<void> {
    const targets: (VipTarget & VipUpdatePlan['apply'][number])[] = [];
    await Promise.all(
      updates.map((u) =>
        step('VIP rules', { 'container.id': u.containerId }, async () => {
          const pid = this.pids.get(u.containerId) ?? (await this.opts.runtime.containerPid(u.containerId));
          this.pids.set(u.containerId, pid);
          targets.push({ ...u, pid });
        }),
      ),
    );
    if (targets.length === 0) return;
    await step('VIP rules', { containers: targets.length }, async () => {
      const outcome = await applyVipRules(this.opts.runner, targets);
      for (const t of targets) {
        const err = outcome.failed.get(t.pid);
        if (err === undefined) {
          this.vipApplied.set(t.containerId, { script: t.script, backends: t.backends, at: now });
          continue;
        }
        this.pids.delete(t.containerId); // restarted behind the agent's back, perhaps: inspect it again
        await step('VIP rules', { 'container.id': t.containerId }, () => Promise.reject(new Error(err)));
      }
    });
  }

  private async applyNft(table: string, script: string): Promise<void> {
    if (script === this.nftApplied.get(table)) return;
    await this.opts.runner.run(['nft', '-f', '-'], script);
    this.nftApplied.set(table, script);
  }

  private async applyDns(views: readonly NetworkView[], present: ReadonlySet<string>, step: Step): Promise<void> {
    const listening = new Map([...this.dns].map(([id, d]) => [id, d.address]));
    const plan = planDnsListeners(views, present, listening);
    for (const id of plan.stop) {
      const d = this.dns.get(id)!;
      this.dns.delete(id);
      await step('closing DNS listener', { 'network.id': id }, () => d.server.stop());
    }
    for (const l of plan.start) {
      await step('DNS listener', { 'network.id': l.networkId, 'dns.address': l.address }, async () => {
        const server = this.opts.newDns();
        try {
          await server.start([l]);
        } catch (err) {
          await server.stop(); // a UDP socket bound before TCP failed
          throw err;
        }
        this.dns.set(l.networkId, { address: l.address, server });
      });
    }
    const byId = new Map(views.map((v) => [v.id, v]));
    for (const [id, d] of this.dns) d.server.update([byId.get(id)!]);
  }
}
