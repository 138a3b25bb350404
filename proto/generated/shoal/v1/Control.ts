// Original file: proto/shoal.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ClusterEvent as _shoal_v1_ClusterEvent, ClusterEvent__Output as _shoal_v1_ClusterEvent__Output } from '../../shoal/v1/ClusterEvent';
import type { CreateNetworkRequest as _shoal_v1_CreateNetworkRequest, CreateNetworkRequest__Output as _shoal_v1_CreateNetworkRequest__Output } from '../../shoal/v1/CreateNetworkRequest';
import type { DeployStackRequest as _shoal_v1_DeployStackRequest, DeployStackRequest__Output as _shoal_v1_DeployStackRequest__Output } from '../../shoal/v1/DeployStackRequest';
import type { DeployStackResponse as _shoal_v1_DeployStackResponse, DeployStackResponse__Output as _shoal_v1_DeployStackResponse__Output } from '../../shoal/v1/DeployStackResponse';
import type { GetNodeRequest as _shoal_v1_GetNodeRequest, GetNodeRequest__Output as _shoal_v1_GetNodeRequest__Output } from '../../shoal/v1/GetNodeRequest';
import type { GetServiceRequest as _shoal_v1_GetServiceRequest, GetServiceRequest__Output as _shoal_v1_GetServiceRequest__Output } from '../../shoal/v1/GetServiceRequest';
import type { ListNetworksRequest as _shoal_v1_ListNetworksRequest, ListNetworksRequest__Output as _shoal_v1_ListNetworksRequest__Output } from '../../shoal/v1/ListNetworksRequest';
import type { ListNetworksResponse as _shoal_v1_ListNetworksResponse, ListNetworksResponse__Output as _shoal_v1_ListNetworksResponse__Output } from '../../shoal/v1/ListNetworksResponse';
import type { ListNodesRequest as _shoal_v1_ListNodesRequest, ListNodesRequest__Output as _shoal_v1_ListNodesRequest__Output } from '../../shoal/v1/ListNodesRequest';
import type { ListNodesResponse as _shoal_v1_ListNodesResponse, ListNodesResponse__Output as _shoal_v1_ListNodesResponse__Output } from '../../shoal/v1/ListNodesResponse';
import type { ListServicesRequest as _shoal_v1_ListServicesRequest, ListServicesRequest__Output as _shoal_v1_ListServicesRequest__Output } from '../../shoal/v1/ListServicesRequest';
import type { ListServicesResponse as _shoal_v1_ListServicesResponse, ListServicesResponse__Output as _shoal_v1_ListServicesResponse__Output } from '../../shoal/v1/ListServicesResponse';
import type { ListStacksRequest as _shoal_v1_ListStacksRequest, ListStacksRequest__Output as _shoal_v1_ListStacksRequest__Output } from '../../shoal/v1/ListStacksRequest';
import type { ListStacksResponse as _shoal_v1_ListStacksResponse, ListStacksResponse__Output as _shoal_v1_ListStacksResponse__Output } from '../../shoal/v1/ListStacksResponse';
import type { ListTasksRequest as _shoal_v1_ListTasksRequest, ListTasksRequest__Output as _shoal_v1_ListTasksRequest__Output } from '../../shoal/v1/ListTasksRequest';
import type { ListTasksResponse as _shoal_v1_ListTasksResponse, ListTasksResponse__Output as _shoal_v1_ListTasksResponse__Output } from '../../shoal/v1/ListTasksResponse';
import type { Network as _shoal_v1_Network, Network__Output as _shoal_v1_Network__Output } from '../../shoal/v1/Network';
import type { NetworkRequest as _shoal_v1_NetworkRequest, NetworkRequest__Output as _shoal_v1_NetworkRequest__Output } from '../../shoal/v1/NetworkRequest';
import type { Node as _shoal_v1_Node, Node__Output as _shoal_v1_Node__Output } from '../../shoal/v1/Node';
import type { ProgressSnapshot as _shoal_v1_ProgressSnapshot, ProgressSnapshot__Output as _shoal_v1_ProgressSnapshot__Output } from '../../shoal/v1/ProgressSnapshot';
import type { RemoveNetworkResponse as _shoal_v1_RemoveNetworkResponse, RemoveNetworkResponse__Output as _shoal_v1_RemoveNetworkResponse__Output } from '../../shoal/v1/RemoveNetworkResponse';
import type { RemoveNodeRequest as _shoal_v1_RemoveNodeRequest, RemoveNodeRequest__Output as _shoal_v1_RemoveNodeRequest__Output } from '../../shoal/v1/RemoveNodeRequest';
import type { RemoveNodeResponse as _shoal_v1_RemoveNodeResponse, RemoveNodeResponse__Output as _shoal_v1_RemoveNodeResponse__Output } from '../../shoal/v1/RemoveNodeResponse';
import type { RemoveServiceRequest as _shoal_v1_RemoveServiceRequest, RemoveServiceRequest__Output as _shoal_v1_RemoveServiceRequest__Output } from '../../shoal/v1/RemoveServiceRequest';
import type { RemoveServiceResponse as _shoal_v1_RemoveServiceResponse, RemoveServiceResponse__Output as _shoal_v1_RemoveServiceResponse__Output } from '../../shoal/v1/RemoveServiceResponse';
import type { RemoveStackRequest as _shoal_v1_RemoveStackRequest, RemoveStackRequest__Output as _shoal_v1_RemoveStackRequest__Output } from '../../shoal/v1/RemoveStackRequest';
import type { RemoveStackResponse as _shoal_v1_RemoveStackResponse, RemoveStackResponse__Output as _shoal_v1_RemoveStackResponse__Output } from '../../shoal/v1/RemoveStackResponse';
import type { ScaleServicesRequest as _shoal_v1_ScaleServicesRequest, ScaleServicesRequest__Output as _shoal_v1_ScaleServicesRequest__Output } from '../../shoal/v1/ScaleServicesRequest';
import type { ScaleServicesResponse as _shoal_v1_ScaleServicesResponse, ScaleServicesResponse__Output as _shoal_v1_ScaleServicesResponse__Output } from '../../shoal/v1/ScaleServicesResponse';
import type { ServiceLogsMessage as _shoal_v1_ServiceLogsMessage, ServiceLogsMessage__Output as _shoal_v1_ServiceLogsMessage__Output } from '../../shoal/v1/ServiceLogsMessage';
import type { ServiceLogsRequest as _shoal_v1_ServiceLogsRequest, ServiceLogsRequest__Output as _shoal_v1_ServiceLogsRequest__Output } from '../../shoal/v1/ServiceLogsRequest';
import type { ServiceView as _shoal_v1_ServiceView, ServiceView__Output as _shoal_v1_ServiceView__Output } from '../../shoal/v1/ServiceView';
import type { UpdateNodeRequest as _shoal_v1_UpdateNodeRequest, UpdateNodeRequest__Output as _shoal_v1_UpdateNodeRequest__Output } from '../../shoal/v1/UpdateNodeRequest';
import type { UpdateServiceRequest as _shoal_v1_UpdateServiceRequest, UpdateServiceRequest__Output as _shoal_v1_UpdateServiceRequest__Output } from '../../shoal/v1/UpdateServiceRequest';
import type { UpdateServiceResponse as _shoal_v1_UpdateServiceResponse, UpdateServiceResponse__Output as _shoal_v1_UpdateServiceResponse__Output } from '../../shoal/v1/UpdateServiceResponse';
import type { WatchEventsRequest as _shoal_v1_WatchEventsRequest, WatchEventsRequest__Output as _shoal_v1_WatchEventsRequest__Output } from '../../shoal/v1/WatchEventsRequest';
import type { WatchProgressRequest as _shoal_v1_WatchProgressRequest, WatchProgressRequest__Output as _shoal_v1_WatchProgressRequest__Output } from '../../shoal/v1/WatchProgressRequest';

export interface ControlClient extends grpc.Client {
  CreateNetwork(argument: _shoal_v1_CreateNetworkRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_Network__Output>): grpc.ClientUnaryCall;
  CreateNetwork(argument: _shoal_v1_CreateNetworkRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_Network__Output>): grpc.ClientUnaryCall;
  CreateNetwork(argument: _shoal_v1_CreateNetworkRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_Network__Output>): grpc.ClientUnaryCall;
  CreateNetwork(argument: _shoal_v1_CreateNetworkRequest, callback: grpc.requestCallback<_shoal_v1_Network__Output>): grpc.ClientUnaryCall;
  createNetwork(argument: _shoal_v1_CreateNetworkRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_Network__Output>): grpc.ClientUnaryCall;
  createNetwork(argument: _shoal_v1_CreateNetworkRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_Network__Output>): grpc.ClientUnaryCall;
  createNetwork(argument: _shoal_v1_CreateNetworkRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_Network__Output>): grpc.ClientUnaryCall;
  createNetwork(argument: _shoal_v1_CreateNetworkRequest, callback: grpc.requestCallback<_shoal_v1_Network__Output>): grpc.ClientUnaryCall;
  
  DeployStack(argument: _shoal_v1_DeployStackRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  DeployStack(argument: _shoal_v1_DeployStackRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  DeployStack(argument: _shoal_v1_DeployStackRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  DeployStack(argument: _shoal_v1_DeployStackRequest, callback: grpc.requestCallback<_shoal_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  deployStack(argument: _shoal_v1_DeployStackRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  deployStack(argument: _shoal_v1_DeployStackRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  deployStack(argument: _shoal_v1_DeployStackRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  deployStack(argument: _shoal_v1_DeployStackRequest, callback: grpc.requestCallback<_shoal_v1_DeployStackResponse__Output>): grpc.ClientUnaryCall;
  
  GetNetwork(argument: _shoal_v1_NetworkRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_Network__Output>): grpc.ClientUnaryCall;
  GetNetwork(argument: _shoal_v1_NetworkRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_Network__Output>): grpc.ClientUnaryCall;
  GetNetwork(argument: _shoal_v1_NetworkRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_Network__Output>): grpc.ClientUnaryCall;
  GetNetwork(argument: _shoal_v1_NetworkRequest, callback: grpc.requestCallback<_shoal_v1_Network__Output>): grpc.ClientUnaryCall;
  getNetwork(argument: _shoal_v1_NetworkRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_Network__Output>): grpc.ClientUnaryCall;
  getNetwork(argument: _shoal_v1_NetworkRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_Network__Output>): grpc.ClientUnaryCall;
  getNetwork(argument: _shoal_v1_NetworkRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_Network__Output>): grpc.ClientUnaryCall;
  getNetwork(argument: _shoal_v1_NetworkRequest, callback: grpc.requestCallback<_shoal_v1_Network__Output>): grpc.ClientUnaryCall;
  
  GetNode(argument: _shoal_v1_GetNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_Node__Output>): grpc.ClientUnaryCall;
  GetNode(argument: _shoal_v1_GetNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_Node__Output>): grpc.ClientUnaryCall;
  GetNode(argument: _shoal_v1_GetNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_Node__Output>): grpc.ClientUnaryCall;
  GetNode(argument: _shoal_v1_GetNodeRequest, callback: grpc.requestCallback<_shoal_v1_Node__Output>): grpc.ClientUnaryCall;
  getNode(argument: _shoal_v1_GetNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_Node__Output>): grpc.ClientUnaryCall;
  getNode(argument: _shoal_v1_GetNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_Node__Output>): grpc.ClientUnaryCall;
  getNode(argument: _shoal_v1_GetNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_Node__Output>): grpc.ClientUnaryCall;
  getNode(argument: _shoal_v1_GetNodeRequest, callback: grpc.requestCallback<_shoal_v1_Node__Output>): grpc.ClientUnaryCall;
  
  GetService(argument: _shoal_v1_GetServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_ServiceView__Output>): grpc.ClientUnaryCall;
  GetService(argument: _shoal_v1_GetServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_ServiceView__Output>): grpc.ClientUnaryCall;
  GetService(argument: _shoal_v1_GetServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_ServiceView__Output>): grpc.ClientUnaryCall;
  GetService(argument: _shoal_v1_GetServiceRequest, callback: grpc.requestCallback<_shoal_v1_ServiceView__Output>): grpc.ClientUnaryCall;
  getService(argument: _shoal_v1_GetServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_ServiceView__Output>): grpc.ClientUnaryCall;
  getService(argument: _shoal_v1_GetServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_ServiceView__Output>): grpc.ClientUnaryCall;
  getService(argument: _shoal_v1_GetServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_ServiceView__Output>): grpc.ClientUnaryCall;
  getService(argument: _shoal_v1_GetServiceRequest, callback: grpc.requestCallback<_shoal_v1_ServiceView__Output>): grpc.ClientUnaryCall;
  
  ListNetworks(argument: _shoal_v1_ListNetworksRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ListNetworksResponse__Output>;
  ListNetworks(argument: _shoal_v1_ListNetworksRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ListNetworksResponse__Output>;
  listNetworks(argument: _shoal_v1_ListNetworksRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ListNetworksResponse__Output>;
  listNetworks(argument: _shoal_v1_ListNetworksRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ListNetworksResponse__Output>;
  
  ListNodes(argument: _shoal_v1_ListNodesRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ListNodesResponse__Output>;
  ListNodes(argument: _shoal_v1_ListNodesRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ListNodesResponse__Output>;
  listNodes(argument: _shoal_v1_ListNodesRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ListNodesResponse__Output>;
  listNodes(argument: _shoal_v1_ListNodesRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ListNodesResponse__Output>;
  
  ListServices(argument: _shoal_v1_ListServicesRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ListServicesResponse__Output>;
  ListServices(argument: _shoal_v1_ListServicesRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ListServicesResponse__Output>;
  listServices(argument: _shoal_v1_ListServicesRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ListServicesResponse__Output>;
  listServices(argument: _shoal_v1_ListServicesRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ListServicesResponse__Output>;
  
  ListStacks(argument: _shoal_v1_ListStacksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_ListStacksResponse__Output>): grpc.ClientUnaryCall;
  ListStacks(argument: _shoal_v1_ListStacksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_ListStacksResponse__Output>): grpc.ClientUnaryCall;
  ListStacks(argument: _shoal_v1_ListStacksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_ListStacksResponse__Output>): grpc.ClientUnaryCall;
  ListStacks(argument: _shoal_v1_ListStacksRequest, callback: grpc.requestCallback<_shoal_v1_ListStacksResponse__Output>): grpc.ClientUnaryCall;
  listStacks(argument: _shoal_v1_ListStacksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_ListStacksResponse__Output>): grpc.ClientUnaryCall;
  listStacks(argument: _shoal_v1_ListStacksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_ListStacksResponse__Output>): grpc.ClientUnaryCall;
  listStacks(argument: _shoal_v1_ListStacksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_ListStacksResponse__Output>): grpc.ClientUnaryCall;
  listStacks(argument: _shoal_v1_ListStacksRequest, callback: grpc.requestCallback<_shoal_v1_ListStacksResponse__Output>): grpc.ClientUnaryCall;
  
  ListTasks(argument: _shoal_v1_ListTasksRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ListTasksResponse__Output>;
  ListTasks(argument: _shoal_v1_ListTasksRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ListTasksResponse__Output>;
  listTasks(argument: _shoal_v1_ListTasksRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ListTasksResponse__Output>;
  listTasks(argument: _shoal_v1_ListTasksRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ListTasksResponse__Output>;
  
  RemoveNetwork(argument: _shoal_v1_NetworkRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_RemoveNetworkResponse__Output>): grpc.ClientUnaryCall;
  RemoveNetwork(argument: _shoal_v1_NetworkRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_RemoveNetworkResponse__Output>): grpc.ClientUnaryCall;
  RemoveNetwork(argument: _shoal_v1_NetworkRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_RemoveNetworkResponse__Output>): grpc.ClientUnaryCall;
  RemoveNetwork(argument: _shoal_v1_NetworkRequest, callback: grpc.requestCallback<_shoal_v1_RemoveNetworkResponse__Output>): grpc.ClientUnaryCall;
  removeNetwork(argument: _shoal_v1_NetworkRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_RemoveNetworkResponse__Output>): grpc.ClientUnaryCall;
  removeNetwork(argument: _shoal_v1_NetworkRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_RemoveNetworkResponse__Output>): grpc.ClientUnaryCall;
  removeNetwork(argument: _shoal_v1_NetworkRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_RemoveNetworkResponse__Output>): grpc.ClientUnaryCall;
  removeNetwork(argument: _shoal_v1_NetworkRequest, callback: grpc.requestCallback<_shoal_v1_RemoveNetworkResponse__Output>): grpc.ClientUnaryCall;
  
  RemoveNode(argument: _shoal_v1_RemoveNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  RemoveNode(argument: _shoal_v1_RemoveNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  RemoveNode(argument: _shoal_v1_RemoveNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  RemoveNode(argument: _shoal_v1_RemoveNodeRequest, callback: grpc.requestCallback<_shoal_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  removeNode(argument: _shoal_v1_RemoveNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  removeNode(argument: _shoal_v1_RemoveNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  removeNode(argument: _shoal_v1_RemoveNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  removeNode(argument: _shoal_v1_RemoveNodeRequest, callback: grpc.requestCallback<_shoal_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  
  RemoveServices(argument: _shoal_v1_RemoveServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  RemoveServices(argument: _shoal_v1_RemoveServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  RemoveServices(argument: _shoal_v1_RemoveServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  RemoveServices(argument: _shoal_v1_RemoveServiceRequest, callback: grpc.requestCallback<_shoal_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  removeServices(argument: _shoal_v1_RemoveServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  removeServices(argument: _shoal_v1_RemoveServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  removeServices(argument: _shoal_v1_RemoveServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  removeServices(argument: _shoal_v1_RemoveServiceRequest, callback: grpc.requestCallback<_shoal_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  
  RemoveStack(argument: _shoal_v1_RemoveStackRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_RemoveStackResponse__Output>): grpc.ClientUnaryCall;
  RemoveStack(argument: _shoal_v1_RemoveStackRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_RemoveStackResponse__Output>): grpc.ClientUnaryCall;
  RemoveStack(argument: _shoal_v1_RemoveStackRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_RemoveStackResponse__Output>): grpc.ClientUnaryCall;
  RemoveStack(argument: _shoal_v1_RemoveStackRequest, callback: grpc.requestCallback<_shoal_v1_RemoveStackResponse__Output>): grpc.ClientUnaryCall;
  removeStack(argument: _shoal_v1_RemoveStackRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_RemoveStackResponse__Output>): grpc.ClientUnaryCall;
  removeStack(argument: _shoal_v1_RemoveStackRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_RemoveStackResponse__Output>): grpc.ClientUnaryCall;
  removeStack(argument: _shoal_v1_RemoveStackRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_RemoveStackResponse__Output>): grpc.ClientUnaryCall;
  removeStack(argument: _shoal_v1_RemoveStackRequest, callback: grpc.requestCallback<_shoal_v1_RemoveStackResponse__Output>): grpc.ClientUnaryCall;
  
  ScaleServices(argument: _shoal_v1_ScaleServicesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_ScaleServicesResponse__Output>): grpc.ClientUnaryCall;
  ScaleServices(argument: _shoal_v1_ScaleServicesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_ScaleServicesResponse__Output>): grpc.ClientUnaryCall;
  ScaleServices(argument: _shoal_v1_ScaleServicesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_ScaleServicesResponse__Output>): grpc.ClientUnaryCall;
  ScaleServices(argument: _shoal_v1_ScaleServicesRequest, callback: grpc.requestCallback<_shoal_v1_ScaleServicesResponse__Output>): grpc.ClientUnaryCall;
  scaleServices(argument: _shoal_v1_ScaleServicesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_ScaleServicesResponse__Output>): grpc.ClientUnaryCall;
  scaleServices(argument: _shoal_v1_ScaleServicesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_ScaleServicesResponse__Output>): grpc.ClientUnaryCall;
  scaleServices(argument: _shoal_v1_ScaleServicesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_ScaleServicesResponse__Output>): grpc.ClientUnaryCall;
  scaleServices(argument: _shoal_v1_ScaleServicesRequest, callback: grpc.requestCallback<_shoal_v1_ScaleServicesResponse__Output>): grpc.ClientUnaryCall;
  
  ServiceLogs(argument: _shoal_v1_ServiceLogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ServiceLogsMessage__Output>;
  ServiceLogs(argument: _shoal_v1_ServiceLogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ServiceLogsMessage__Output>;
  serviceLogs(argument: _shoal_v1_ServiceLogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ServiceLogsMessage__Output>;
  serviceLogs(argument: _shoal_v1_ServiceLogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ServiceLogsMessage__Output>;
  
  UpdateNode(argument: _shoal_v1_UpdateNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_Node__Output>): grpc.ClientUnaryCall;
  UpdateNode(argument: _shoal_v1_UpdateNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_Node__Output>): grpc.ClientUnaryCall;
  UpdateNode(argument: _shoal_v1_UpdateNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_Node__Output>): grpc.ClientUnaryCall;
  UpdateNode(argument: _shoal_v1_UpdateNodeRequest, callback: grpc.requestCallback<_shoal_v1_Node__Output>): grpc.ClientUnaryCall;
  updateNode(argument: _shoal_v1_UpdateNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_Node__Output>): grpc.ClientUnaryCall;
  updateNode(argument: _shoal_v1_UpdateNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_Node__Output>): grpc.ClientUnaryCall;
  updateNode(argument: _shoal_v1_UpdateNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_Node__Output>): grpc.ClientUnaryCall;
  updateNode(argument: _shoal_v1_UpdateNodeRequest, callback: grpc.requestCallback<_shoal_v1_Node__Output>): grpc.ClientUnaryCall;
  
  UpdateService(argument: _shoal_v1_UpdateServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_UpdateServiceResponse__Output>): grpc.ClientUnaryCall;
  UpdateService(argument: _shoal_v1_UpdateServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_UpdateServiceResponse__Output>): grpc.ClientUnaryCall;
  UpdateService(argument: _shoal_v1_UpdateServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_UpdateServiceResponse__Output>): grpc.ClientUnaryCall;
  UpdateService(argument: _shoal_v1_UpdateServiceRequest, callback: grpc.requestCallback<_shoal_v1_UpdateServiceResponse__Output>): grpc.ClientUnaryCall;
  updateService(argument: _shoal_v1_UpdateServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_UpdateServiceResponse__Output>): grpc.ClientUnaryCall;
  updateService(argument: _shoal_v1_UpdateServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_UpdateServiceResponse__Output>): grpc.ClientUnaryCall;
  updateService(argument: _shoal_v1_UpdateServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_UpdateServiceResponse__Output>): grpc.ClientUnaryCall;
  updateService(argument: _shoal_v1_UpdateServiceRequest, callback: grpc.requestCallback<_shoal_v1_UpdateServiceResponse__Output>): grpc.ClientUnaryCall;
  
  WatchEvents(argument: _shoal_v1_WatchEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ClusterEvent__Output>;
  WatchEvents(argument: _shoal_v1_WatchEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ClusterEvent__Output>;
  watchEvents(argument: _shoal_v1_WatchEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ClusterEvent__Output>;
  watchEvents(argument: _shoal_v1_WatchEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ClusterEvent__Output>;
  
  WatchProgress(argument: _shoal_v1_WatchProgressRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ProgressSnapshot__Output>;
  WatchProgress(argument: _shoal_v1_WatchProgressRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ProgressSnapshot__Output>;
  watchProgress(argument: _shoal_v1_WatchProgressRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ProgressSnapshot__Output>;
  watchProgress(argument: _shoal_v1_WatchProgressRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_ProgressSnapshot__Output>;
  
}

export interface ControlHandlers extends grpc.UntypedServiceImplementation {
  CreateNetwork: grpc.handleUnaryCall<_shoal_v1_CreateNetworkRequest__Output, _shoal_v1_Network>;
  
  DeployStack: grpc.handleUnaryCall<_shoal_v1_DeployStackRequest__Output, _shoal_v1_DeployStackResponse>;
  
  GetNetwork: grpc.handleUnaryCall<_shoal_v1_NetworkRequest__Output, _shoal_v1_Network>;
  
  GetNode: grpc.handleUnaryCall<_shoal_v1_GetNodeRequest__Output, _shoal_v1_Node>;
  
  GetService: grpc.handleUnaryCall<_shoal_v1_GetServiceRequest__Output, _shoal_v1_ServiceView>;
  
  ListNetworks: grpc.handleServerStreamingCall<_shoal_v1_ListNetworksRequest__Output, _shoal_v1_ListNetworksResponse>;
  
  ListNodes: grpc.handleServerStreamingCall<_shoal_v1_ListNodesRequest__Output, _shoal_v1_ListNodesResponse>;
  
  ListServices: grpc.handleServerStreamingCall<_shoal_v1_ListServicesRequest__Output, _shoal_v1_ListServicesResponse>;
  
  ListStacks: grpc.handleUnaryCall<_shoal_v1_ListStacksRequest__Output, _shoal_v1_ListStacksResponse>;
  
  ListTasks: grpc.handleServerStreamingCall<_shoal_v1_ListTasksRequest__Output, _shoal_v1_ListTasksResponse>;
  
  RemoveNetwork: grpc.handleUnaryCall<_shoal_v1_NetworkRequest__Output, _shoal_v1_RemoveNetworkResponse>;
  
  RemoveNode: grpc.handleUnaryCall<_shoal_v1_RemoveNodeRequest__Output, _shoal_v1_RemoveNodeResponse>;
  
  RemoveServices: grpc.handleUnaryCall<_shoal_v1_RemoveServiceRequest__Output, _shoal_v1_RemoveServiceResponse>;
  
  RemoveStack: grpc.handleUnaryCall<_shoal_v1_RemoveStackRequest__Output, _shoal_v1_RemoveStackResponse>;
  
  ScaleServices: grpc.handleUnaryCall<_shoal_v1_ScaleServicesRequest__Output, _shoal_v1_ScaleServicesResponse>;
  
  ServiceLogs: grpc.handleServerStreamingCall<_shoal_v1_ServiceLogsRequest__Output, _shoal_v1_ServiceLogsMessage>;
  
  UpdateNode: grpc.handleUnaryCall<_shoal_v1_UpdateNodeRequest__Output, _shoal_v1_Node>;
  
  UpdateService: grpc.handleUnaryCall<_shoal_v1_UpdateServiceRequest__Output, _shoal_v1_UpdateServiceResponse>;
  
  WatchEvents: grpc.handleServerStreamingCall<_shoal_v1_WatchEventsRequest__Output, _shoal_v1_ClusterEvent>;
  
  WatchProgress: grpc.handleServerStreamingCall<_shoal_v1_WatchProgressRequest__Output, _shoal_v1_ProgressSnapshot>;
  
}

export interface ControlDefinition extends grpc.ServiceDefinition {
  CreateNetwork: MethodDefinition<_shoal_v1_CreateNetworkRequest, _shoal_v1_Network, _shoal_v1_CreateNetworkRequest__Output, _shoal_v1_Network__Output>
  DeployStack: MethodDefinition<_shoal_v1_DeployStackRequest, _shoal_v1_DeployStackResponse, _shoal_v1_DeployStackRequest__Output, _shoal_v1_DeployStackResponse__Output>
  GetNetwork: MethodDefinition<_shoal_v1_NetworkRequest, _shoal_v1_Network, _shoal_v1_NetworkRequest__Output, _shoal_v1_Network__Output>
  GetNode: MethodDefinition<_shoal_v1_GetNodeRequest, _shoal_v1_Node, _shoal_v1_GetNodeRequest__Output, _shoal_v1_Node__Output>
  GetService: MethodDefinition<_shoal_v1_GetServiceRequest, _shoal_v1_ServiceView, _shoal_v1_GetServiceRequest__Output, _shoal_v1_ServiceView__Output>
  ListNetworks: MethodDefinition<_shoal_v1_ListNetworksRequest, _shoal_v1_ListNetworksResponse, _shoal_v1_ListNetworksRequest__Output, _shoal_v1_ListNetworksResponse__Output>
  ListNodes: MethodDefinition<_shoal_v1_ListNodesRequest, _shoal_v1_ListNodesResponse, _shoal_v1_ListNodesRequest__Output, _shoal_v1_ListNodesResponse__Output>
  ListServices: MethodDefinition<_shoal_v1_ListServicesRequest, _shoal_v1_ListServicesResponse, _shoal_v1_ListServicesRequest__Output, _shoal_v1_ListServicesResponse__Output>
  ListStacks: MethodDefinition<_shoal_v1_ListStacksRequest, _shoal_v1_ListStacksResponse, _shoal_v1_ListStacksRequest__Output, _shoal_v1_ListStacksResponse__Output>
  ListTasks: MethodDefinition<_shoal_v1_ListTasksRequest, _shoal_v1_ListTasksResponse, _shoal_v1_ListTasksRequest__Output, _shoal_v1_ListTasksResponse__Output>
  RemoveNetwork: MethodDefinition<_shoal_v1_NetworkRequest, _shoal_v1_RemoveNetworkResponse, _shoal_v1_NetworkRequest__Output, _shoal_v1_RemoveNetworkResponse__Output>
  RemoveNode: MethodDefinition<_shoal_v1_RemoveNodeRequest, _shoal_v1_RemoveNodeResponse, _shoal_v1_RemoveNodeRequest__Output, _shoal_v1_RemoveNodeResponse__Output>
  RemoveServices: MethodDefinition<_shoal_v1_RemoveServiceRequest, _shoal_v1_RemoveServiceResponse, _shoal_v1_RemoveServiceRequest__Output, _shoal_v1_RemoveServiceResponse__Output>
  RemoveStack: MethodDefinition<_shoal_v1_RemoveStackRequest, _shoal_v1_RemoveStackResponse, _shoal_v1_RemoveStackRequest__Output, _shoal_v1_RemoveStackResponse__Output>
  ScaleServices: MethodDefinition<_shoal_v1_ScaleServicesRequest, _shoal_v1_ScaleServicesResponse, _shoal_v1_ScaleServicesRequest__Output, _shoal_v1_ScaleServicesResponse__Output>
  ServiceLogs: MethodDefinition<_shoal_v1_ServiceLogsRequest, _shoal_v1_ServiceLogsMessage, _shoal_v1_ServiceLogsRequest__Output, _shoal_v1_ServiceLogsMessage__Output>
  UpdateNode: MethodDefinition<_shoal_v1_UpdateNodeRequest, _shoal_v1_Node, _shoal_v1_UpdateNodeRequest__Output, _shoal_v1_Node__Output>
  UpdateService: MethodDefinition<_shoal_v1_UpdateServiceRequest, _shoal_v1_UpdateServiceResponse, _shoal_v1_UpdateServiceRequest__Output, _shoal_v1_UpdateServiceResponse__Output>
  WatchEvents: MethodDefinition<_shoal_v1_WatchEventsRequest, _shoal_v1_ClusterEvent, _shoal_v1_WatchEventsRequest__Output, _shoal_v1_ClusterEvent__Output>
  WatchProgress: MethodDefinition<_shoal_v1_WatchProgressRequest, _shoal_v1_ProgressSnapshot, _shoal_v1_WatchProgressRequest__Output, _shoal_v1_ProgressSnapshot__Output>
}
