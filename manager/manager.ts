// Wiring only: the store, the cluster state, the loops, the dispatcher and the gRPC server.
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../lib/clock';
import { newId } from './state/ids';
import { loadShoalProto } from '../proto/loader';
import { parseSubnet } from './allocator/ipam';
import type { ManagerConfig } from './config';
import { controlHandlers } from './controlapi/control-server';
import { storedSpecProblems } from './controlapi/stored-spec';
import { Dispatcher } from './dispatcher/dispatcher';
import { EventLog } from './events/event-log';
import { OrchestratorLoop } from './orchestrator/orchestrator-loop';
import { SchedulerLoop } from './scheduler/scheduler-loop';
import { ClusterState, type InvalidObject } from './state/cluster-state';
import { EmbeddedEtcd } from './store/embedded-etcd';
import { EtcdStore } from './store/etcd-store';
import { KeyLayout } from './store/keys';

export class Manager {
  private constructor(
    private readonly server: grpc.Server,
    private readonly parts: { stop(): void | Promise<void> }[],
    readonly address: string,
  ) {}

  static async start(config: ManagerConfig, logger: Logger, clock: Clock = systemClock): Promise<Manager> {
    const stopOnFailure: { stop(): void | Promise<void> }[] = [];
    try {
      let endpoints = config.etcd;
      if (endpoints.length === 0) {
        const etcd = new EmbeddedEtcd({
          dataDir: path.join(config.dataDir, 'etcd'),
          binary: config.etcdBinary,
          logger,
        });
        await etcd.start();
        stopOnFailure.unshift(etcd);
        endpoints = etcd.endpoints();
        logger.info({ endpoints, 'data.dir': config.dataDir }, 'embedded etcd started');
      }
      const store = new EtcdStore({ endpoints, prefix: config.etcdPrefix, logger });
      stopOnFailure.unshift({ stop: () => store.close() });
      await store.recover();
      const state = new ClusterState(store, storedSpecProblems);
      state.on('resync', (err: unknown) => logger.warn({ err }, 'store watch broke off; reloading the cluster state'));
      const keys = new KeyLayout(config.etcdPrefix);
      state.on('invalid', (bad: InvalidObject) =>
        logger.error(
          { 'store.key': keys.object(bad.kind, bad.id), 'object.version': bad.version, problems: bad.problems },
          'stored object is invalid; set aside until it is written again',
        ),
      );
      await state.start();
      stopOnFailure.unshift(state);
      const events = new EventLog(state, clock);
      events.start();
      stopOnFailure.unshift(events);

      const dispatcher = new Dispatcher(
        state,
        store,
        clock,
        logger,
        { heartbeatIntervalMs: config.heartbeatIntervalMs, nodeTimeoutMs: config.nodeTimeoutMs },
        newId,
      );
      const orchestrator = new OrchestratorLoop(state, store, clock, logger, newId);
      const scheduler = new SchedulerLoop(
        state,
        store,
        clock,
        logger,
        parseSubnet(config.defaultAddrPool, '--default-addr-pool'),
      );
      dispatcher.start();
      orchestrator.start();
      scheduler.start();
      stopOnFailure.unshift(dispatcher, orchestrator, scheduler);

      const proto = loadShoalProto();
      const server = new grpc.Server();
      server.addService(
        proto.shoal.v1.Control.service,
        controlHandlers({ state, store, clock, logger, newId, logs: dispatcher.logs, events }),
      );
      server.addService(proto.shoal.v1.Dispatcher.service, dispatcher.handlers());
      const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync(config.listen, grpc.ServerCredentials.createInsecure(), (err, p) =>
          err ? reject(err) : resolve(p),
        ),
      );
      const host = config.listen.slice(0, config.listen.lastIndexOf(':'));
      const address = `${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
      logger.info({ listen: config.listen, port, revision: state.revision }, 'manager ready');
      return new Manager(server, stopOnFailure, address);
    } catch (err) {
      for (const p of stopOnFailure) await p.stop();
      throw err;
    }
  }

  async stop(): Promise<void> {
    // Agents' assignment streams never end by themselves; they reconnect to the next manager.
    this.server.forceShutdown();
    for (const p of this.parts) await p.stop();
  }
}
