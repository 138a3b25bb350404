import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AgentLogMessage as _shoal_v1_AgentLogMessage, AgentLogMessage__Output as _shoal_v1_AgentLogMessage__Output } from './shoal/v1/AgentLogMessage';
import type { AssignmentsMessage as _shoal_v1_AssignmentsMessage, AssignmentsMessage__Output as _shoal_v1_AssignmentsMessage__Output } from './shoal/v1/AssignmentsMessage';
import type { AssignmentsRequest as _shoal_v1_AssignmentsRequest, AssignmentsRequest__Output as _shoal_v1_AssignmentsRequest__Output } from './shoal/v1/AssignmentsRequest';
import type { ClusterEvent as _shoal_v1_ClusterEvent, ClusterEvent__Output as _shoal_v1_ClusterEvent__Output } from './shoal/v1/ClusterEvent';
import type { ContainerSpec as _shoal_v1_ContainerSpec, ContainerSpec__Output as _shoal_v1_ContainerSpec__Output } from './shoal/v1/ContainerSpec';
import type { ControlClient as _shoal_v1_ControlClient, ControlDefinition as _shoal_v1_ControlDefinition } from './shoal/v1/Control';
import type { CreateNetworkRequest as _shoal_v1_CreateNetworkRequest, CreateNetworkRequest__Output as _shoal_v1_CreateNetworkRequest__Output } from './shoal/v1/CreateNetworkRequest';
import type { DeployStackRequest as _shoal_v1_DeployStackRequest, DeployStackRequest__Output as _shoal_v1_DeployStackRequest__Output } from './shoal/v1/DeployStackRequest';
import type { DeployStackResponse as _shoal_v1_DeployStackResponse, DeployStackResponse__Output as _shoal_v1_DeployStackResponse__Output } from './shoal/v1/DeployStackResponse';
import type { DispatcherClient as _shoal_v1_DispatcherClient, DispatcherDefinition as _shoal_v1_DispatcherDefinition } from './shoal/v1/Dispatcher';
import type { EndpointSpec as _shoal_v1_EndpointSpec, EndpointSpec__Output as _shoal_v1_EndpointSpec__Output } from './shoal/v1/EndpointSpec';
import type { GetNodeRequest as _shoal_v1_GetNodeRequest, GetNodeRequest__Output as _shoal_v1_GetNodeRequest__Output } from './shoal/v1/GetNodeRequest';
import type { GetServiceRequest as _shoal_v1_GetServiceRequest, GetServiceRequest__Output as _shoal_v1_GetServiceRequest__Output } from './shoal/v1/GetServiceRequest';
import type { HealthCheck as _shoal_v1_HealthCheck, HealthCheck__Output as _shoal_v1_HealthCheck__Output } from './shoal/v1/HealthCheck';
import type { HeartbeatRequest as _shoal_v1_HeartbeatRequest, HeartbeatRequest__Output as _shoal_v1_HeartbeatRequest__Output } from './shoal/v1/HeartbeatRequest';
import type { HeartbeatResponse as _shoal_v1_HeartbeatResponse, HeartbeatResponse__Output as _shoal_v1_HeartbeatResponse__Output } from './shoal/v1/HeartbeatResponse';
import type { IpamConfig as _shoal_v1_IpamConfig, IpamConfig__Output as _shoal_v1_IpamConfig__Output } from './shoal/v1/IpamConfig';
import type { ListNetworksRequest as _shoal_v1_ListNetworksRequest, ListNetworksRequest__Output as _shoal_v1_ListNetworksRequest__Output } from './shoal/v1/ListNetworksRequest';
import type { ListNetworksResponse as _shoal_v1_ListNetworksResponse, ListNetworksResponse__Output as _shoal_v1_ListNetworksResponse__Output } from './shoal/v1/ListNetworksResponse';
import type { ListNodesRequest as _shoal_v1_ListNodesRequest, ListNodesRequest__Output as _shoal_v1_ListNodesRequest__Output } from './shoal/v1/ListNodesRequest';
import type { ListNodesResponse as _shoal_v1_ListNodesResponse, ListNodesResponse__Output as _shoal_v1_ListNodesResponse__Output } from './shoal/v1/ListNodesResponse';
import type { ListServicesRequest as _shoal_v1_ListServicesRequest, ListServicesRequest__Output as _shoal_v1_ListServicesRequest__Output } from './shoal/v1/ListServicesRequest';
import type { ListServicesResponse as _shoal_v1_ListServicesResponse, ListServicesResponse__Output as _shoal_v1_ListServicesResponse__Output } from './shoal/v1/ListServicesResponse';
import type { ListStacksRequest as _shoal_v1_ListStacksRequest, ListStacksRequest__Output as _shoal_v1_ListStacksRequest__Output } from './shoal/v1/ListStacksRequest';
import type { ListStacksResponse as _shoal_v1_ListStacksResponse, ListStacksResponse__Output as _shoal_v1_ListStacksResponse__Output } from './shoal/v1/ListStacksResponse';
import type { ListTasksRequest as _shoal_v1_ListTasksRequest, ListTasksRequest__Output as _shoal_v1_ListTasksRequest__Output } from './shoal/v1/ListTasksRequest';
import type { ListTasksResponse as _shoal_v1_ListTasksResponse, ListTasksResponse__Output as _shoal_v1_ListTasksResponse__Output } from './shoal/v1/ListTasksResponse';
import type { LogLine as _shoal_v1_LogLine, LogLine__Output as _shoal_v1_LogLine__Output } from './shoal/v1/LogLine';
import type { LogRequest as _shoal_v1_LogRequest, LogRequest__Output as _shoal_v1_LogRequest__Output } from './shoal/v1/LogRequest';
import type { LogTarget as _shoal_v1_LogTarget, LogTarget__Output as _shoal_v1_LogTarget__Output } from './shoal/v1/LogTarget';
import type { Meta as _shoal_v1_Meta, Meta__Output as _shoal_v1_Meta__Output } from './shoal/v1/Meta';
import type { Network as _shoal_v1_Network, Network__Output as _shoal_v1_Network__Output } from './shoal/v1/Network';
import type { NetworkAddress as _shoal_v1_NetworkAddress, NetworkAddress__Output as _shoal_v1_NetworkAddress__Output } from './shoal/v1/NetworkAddress';
import type { NetworkAllocation as _shoal_v1_NetworkAllocation, NetworkAllocation__Output as _shoal_v1_NetworkAllocation__Output } from './shoal/v1/NetworkAllocation';
import type { NetworkAttachment as _shoal_v1_NetworkAttachment, NetworkAttachment__Output as _shoal_v1_NetworkAttachment__Output } from './shoal/v1/NetworkAttachment';
import type { NetworkMap as _shoal_v1_NetworkMap, NetworkMap__Output as _shoal_v1_NetworkMap__Output } from './shoal/v1/NetworkMap';
import type { NetworkMapChange as _shoal_v1_NetworkMapChange, NetworkMapChange__Output as _shoal_v1_NetworkMapChange__Output } from './shoal/v1/NetworkMapChange';
import type { NetworkMapRequest as _shoal_v1_NetworkMapRequest, NetworkMapRequest__Output as _shoal_v1_NetworkMapRequest__Output } from './shoal/v1/NetworkMapRequest';
import type { NetworkPeer as _shoal_v1_NetworkPeer, NetworkPeer__Output as _shoal_v1_NetworkPeer__Output } from './shoal/v1/NetworkPeer';
import type { NetworkRequest as _shoal_v1_NetworkRequest, NetworkRequest__Output as _shoal_v1_NetworkRequest__Output } from './shoal/v1/NetworkRequest';
import type { NetworkSpec as _shoal_v1_NetworkSpec, NetworkSpec__Output as _shoal_v1_NetworkSpec__Output } from './shoal/v1/NetworkSpec';
import type { NetworkView as _shoal_v1_NetworkView, NetworkView__Output as _shoal_v1_NetworkView__Output } from './shoal/v1/NetworkView';
import type { Node as _shoal_v1_Node, Node__Output as _shoal_v1_Node__Output } from './shoal/v1/Node';
import type { NodeDescription as _shoal_v1_NodeDescription, NodeDescription__Output as _shoal_v1_NodeDescription__Output } from './shoal/v1/NodeDescription';
import type { Placement as _shoal_v1_Placement, Placement__Output as _shoal_v1_Placement__Output } from './shoal/v1/Placement';
import type { PlacementPreference as _shoal_v1_PlacementPreference, PlacementPreference__Output as _shoal_v1_PlacementPreference__Output } from './shoal/v1/PlacementPreference';
import type { Platform as _shoal_v1_Platform, Platform__Output as _shoal_v1_Platform__Output } from './shoal/v1/Platform';
import type { PortConfig as _shoal_v1_PortConfig, PortConfig__Output as _shoal_v1_PortConfig__Output } from './shoal/v1/PortConfig';
import type { ProgressSnapshot as _shoal_v1_ProgressSnapshot, ProgressSnapshot__Output as _shoal_v1_ProgressSnapshot__Output } from './shoal/v1/ProgressSnapshot';
import type { PublishedBackend as _shoal_v1_PublishedBackend, PublishedBackend__Output as _shoal_v1_PublishedBackend__Output } from './shoal/v1/PublishedBackend';
import type { PublishedService as _shoal_v1_PublishedService, PublishedService__Output as _shoal_v1_PublishedService__Output } from './shoal/v1/PublishedService';
import type { RegisterRequest as _shoal_v1_RegisterRequest, RegisterRequest__Output as _shoal_v1_RegisterRequest__Output } from './shoal/v1/RegisterRequest';
import type { RegisterResponse as _shoal_v1_RegisterResponse, RegisterResponse__Output as _shoal_v1_RegisterResponse__Output } from './shoal/v1/RegisterResponse';
import type { RemoveNetworkResponse as _shoal_v1_RemoveNetworkResponse, RemoveNetworkResponse__Output as _shoal_v1_RemoveNetworkResponse__Output } from './shoal/v1/RemoveNetworkResponse';
import type { RemoveNodeRequest as _shoal_v1_RemoveNodeRequest, RemoveNodeRequest__Output as _shoal_v1_RemoveNodeRequest__Output } from './shoal/v1/RemoveNodeRequest';
import type { RemoveNodeResponse as _shoal_v1_RemoveNodeResponse, RemoveNodeResponse__Output as _shoal_v1_RemoveNodeResponse__Output } from './shoal/v1/RemoveNodeResponse';
import type { RemoveServiceRequest as _shoal_v1_RemoveServiceRequest, RemoveServiceRequest__Output as _shoal_v1_RemoveServiceRequest__Output } from './shoal/v1/RemoveServiceRequest';
import type { RemoveServiceResponse as _shoal_v1_RemoveServiceResponse, RemoveServiceResponse__Output as _shoal_v1_RemoveServiceResponse__Output } from './shoal/v1/RemoveServiceResponse';
import type { RemoveStackRequest as _shoal_v1_RemoveStackRequest, RemoveStackRequest__Output as _shoal_v1_RemoveStackRequest__Output } from './shoal/v1/RemoveStackRequest';
import type { RemoveStackResponse as _shoal_v1_RemoveStackResponse, RemoveStackResponse__Output as _shoal_v1_RemoveStackResponse__Output } from './shoal/v1/RemoveStackResponse';
import type { ReplicaCount as _shoal_v1_ReplicaCount, ReplicaCount__Output as _shoal_v1_ReplicaCount__Output } from './shoal/v1/ReplicaCount';
import type { ResourceRequirements as _shoal_v1_ResourceRequirements, ResourceRequirements__Output as _shoal_v1_ResourceRequirements__Output } from './shoal/v1/ResourceRequirements';
import type { Resources as _shoal_v1_Resources, Resources__Output as _shoal_v1_Resources__Output } from './shoal/v1/Resources';
import type { RestartPolicy as _shoal_v1_RestartPolicy, RestartPolicy__Output as _shoal_v1_RestartPolicy__Output } from './shoal/v1/RestartPolicy';
import type { ScaleEntry as _shoal_v1_ScaleEntry, ScaleEntry__Output as _shoal_v1_ScaleEntry__Output } from './shoal/v1/ScaleEntry';
import type { ScaleServicesRequest as _shoal_v1_ScaleServicesRequest, ScaleServicesRequest__Output as _shoal_v1_ScaleServicesRequest__Output } from './shoal/v1/ScaleServicesRequest';
import type { ScaleServicesResponse as _shoal_v1_ScaleServicesResponse, ScaleServicesResponse__Output as _shoal_v1_ScaleServicesResponse__Output } from './shoal/v1/ScaleServicesResponse';
import type { Service as _shoal_v1_Service, Service__Output as _shoal_v1_Service__Output } from './shoal/v1/Service';
import type { ServiceChange as _shoal_v1_ServiceChange, ServiceChange__Output as _shoal_v1_ServiceChange__Output } from './shoal/v1/ServiceChange';
import type { ServiceEndpoint as _shoal_v1_ServiceEndpoint, ServiceEndpoint__Output as _shoal_v1_ServiceEndpoint__Output } from './shoal/v1/ServiceEndpoint';
import type { ServiceFilter as _shoal_v1_ServiceFilter, ServiceFilter__Output as _shoal_v1_ServiceFilter__Output } from './shoal/v1/ServiceFilter';
import type { ServiceLogsMessage as _shoal_v1_ServiceLogsMessage, ServiceLogsMessage__Output as _shoal_v1_ServiceLogsMessage__Output } from './shoal/v1/ServiceLogsMessage';
import type { ServiceLogsRequest as _shoal_v1_ServiceLogsRequest, ServiceLogsRequest__Output as _shoal_v1_ServiceLogsRequest__Output } from './shoal/v1/ServiceLogsRequest';
import type { ServiceProgress as _shoal_v1_ServiceProgress, ServiceProgress__Output as _shoal_v1_ServiceProgress__Output } from './shoal/v1/ServiceProgress';
import type { ServiceSpec as _shoal_v1_ServiceSpec, ServiceSpec__Output as _shoal_v1_ServiceSpec__Output } from './shoal/v1/ServiceSpec';
import type { ServiceView as _shoal_v1_ServiceView, ServiceView__Output as _shoal_v1_ServiceView__Output } from './shoal/v1/ServiceView';
import type { Stack as _shoal_v1_Stack, Stack__Output as _shoal_v1_Stack__Output } from './shoal/v1/Stack';
import type { StackFileIssue as _shoal_v1_StackFileIssue, StackFileIssue__Output as _shoal_v1_StackFileIssue__Output } from './shoal/v1/StackFileIssue';
import type { StackSpec as _shoal_v1_StackSpec, StackSpec__Output as _shoal_v1_StackSpec__Output } from './shoal/v1/StackSpec';
import type { StackSummary as _shoal_v1_StackSummary, StackSummary__Output as _shoal_v1_StackSummary__Output } from './shoal/v1/StackSummary';
import type { Task as _shoal_v1_Task, Task__Output as _shoal_v1_Task__Output } from './shoal/v1/Task';
import type { TaskLogLine as _shoal_v1_TaskLogLine, TaskLogLine__Output as _shoal_v1_TaskLogLine__Output } from './shoal/v1/TaskLogLine';
import type { TaskProgress as _shoal_v1_TaskProgress, TaskProgress__Output as _shoal_v1_TaskProgress__Output } from './shoal/v1/TaskProgress';
import type { TaskStatus as _shoal_v1_TaskStatus, TaskStatus__Output as _shoal_v1_TaskStatus__Output } from './shoal/v1/TaskStatus';
import type { TaskStatusUpdate as _shoal_v1_TaskStatusUpdate, TaskStatusUpdate__Output as _shoal_v1_TaskStatusUpdate__Output } from './shoal/v1/TaskStatusUpdate';
import type { TaskView as _shoal_v1_TaskView, TaskView__Output as _shoal_v1_TaskView__Output } from './shoal/v1/TaskView';
import type { UpdateConfig as _shoal_v1_UpdateConfig, UpdateConfig__Output as _shoal_v1_UpdateConfig__Output } from './shoal/v1/UpdateConfig';
import type { UpdateNodeRequest as _shoal_v1_UpdateNodeRequest, UpdateNodeRequest__Output as _shoal_v1_UpdateNodeRequest__Output } from './shoal/v1/UpdateNodeRequest';
import type { UpdateServiceRequest as _shoal_v1_UpdateServiceRequest, UpdateServiceRequest__Output as _shoal_v1_UpdateServiceRequest__Output } from './shoal/v1/UpdateServiceRequest';
import type { UpdateServiceResponse as _shoal_v1_UpdateServiceResponse, UpdateServiceResponse__Output as _shoal_v1_UpdateServiceResponse__Output } from './shoal/v1/UpdateServiceResponse';
import type { UpdateStatus as _shoal_v1_UpdateStatus, UpdateStatus__Output as _shoal_v1_UpdateStatus__Output } from './shoal/v1/UpdateStatus';
import type { UpdateTaskStatusRequest as _shoal_v1_UpdateTaskStatusRequest, UpdateTaskStatusRequest__Output as _shoal_v1_UpdateTaskStatusRequest__Output } from './shoal/v1/UpdateTaskStatusRequest';
import type { UpdateTaskStatusResponse as _shoal_v1_UpdateTaskStatusResponse, UpdateTaskStatusResponse__Output as _shoal_v1_UpdateTaskStatusResponse__Output } from './shoal/v1/UpdateTaskStatusResponse';
import type { WatchEventsRequest as _shoal_v1_WatchEventsRequest, WatchEventsRequest__Output as _shoal_v1_WatchEventsRequest__Output } from './shoal/v1/WatchEventsRequest';
import type { WatchProgressRequest as _shoal_v1_WatchProgressRequest, WatchProgressRequest__Output as _shoal_v1_WatchProgressRequest__Output } from './shoal/v1/WatchProgressRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  shoal: {
    v1: {
      AgentLogMessage: MessageTypeDefinition<_shoal_v1_AgentLogMessage, _shoal_v1_AgentLogMessage__Output>
      AssignmentsMessage: MessageTypeDefinition<_shoal_v1_AssignmentsMessage, _shoal_v1_AssignmentsMessage__Output>
      AssignmentsRequest: MessageTypeDefinition<_shoal_v1_AssignmentsRequest, _shoal_v1_AssignmentsRequest__Output>
      ClusterEvent: MessageTypeDefinition<_shoal_v1_ClusterEvent, _shoal_v1_ClusterEvent__Output>
      ContainerSpec: MessageTypeDefinition<_shoal_v1_ContainerSpec, _shoal_v1_ContainerSpec__Output>
      Control: SubtypeConstructor<typeof grpc.Client, _shoal_v1_ControlClient> & { service: _shoal_v1_ControlDefinition }
      CreateNetworkRequest: MessageTypeDefinition<_shoal_v1_CreateNetworkRequest, _shoal_v1_CreateNetworkRequest__Output>
      DeployStackRequest: MessageTypeDefinition<_shoal_v1_DeployStackRequest, _shoal_v1_DeployStackRequest__Output>
      DeployStackResponse: MessageTypeDefinition<_shoal_v1_DeployStackResponse, _shoal_v1_DeployStackResponse__Output>
      Dispatcher: SubtypeConstructor<typeof grpc.Client, _shoal_v1_DispatcherClient> & { service: _shoal_v1_DispatcherDefinition }
      EndpointSpec: MessageTypeDefinition<_shoal_v1_EndpointSpec, _shoal_v1_EndpointSpec__Output>
      GetNodeRequest: MessageTypeDefinition<_shoal_v1_GetNodeRequest, _shoal_v1_GetNodeRequest__Output>
      GetServiceRequest: MessageTypeDefinition<_shoal_v1_GetServiceRequest, _shoal_v1_GetServiceRequest__Output>
      HealthCheck: MessageTypeDefinition<_shoal_v1_HealthCheck, _shoal_v1_HealthCheck__Output>
      HeartbeatRequest: MessageTypeDefinition<_shoal_v1_HeartbeatRequest, _shoal_v1_HeartbeatRequest__Output>
      HeartbeatResponse: MessageTypeDefinition<_shoal_v1_HeartbeatResponse, _shoal_v1_HeartbeatResponse__Output>
      IpamConfig: MessageTypeDefinition<_shoal_v1_IpamConfig, _shoal_v1_IpamConfig__Output>
      ListNetworksRequest: MessageTypeDefinition<_shoal_v1_ListNetworksRequest, _shoal_v1_ListNetworksRequest__Output>
      ListNetworksResponse: MessageTypeDefinition<_shoal_v1_ListNetworksResponse, _shoal_v1_ListNetworksResponse__Output>
      ListNodesRequest: MessageTypeDefinition<_shoal_v1_ListNodesRequest, _shoal_v1_ListNodesRequest__Output>
      ListNodesResponse: MessageTypeDefinition<_shoal_v1_ListNodesResponse, _shoal_v1_ListNodesResponse__Output>
      ListServicesRequest: MessageTypeDefinition<_shoal_v1_ListServicesRequest, _shoal_v1_ListServicesRequest__Output>
      ListServicesResponse: MessageTypeDefinition<_shoal_v1_ListServicesResponse, _shoal_v1_ListServicesResponse__Output>
      ListStacksRequest: MessageTypeDefinition<_shoal_v1_ListStacksRequest, _shoal_v1_ListStacksRequest__Output>
      ListStacksResponse: MessageTypeDefinition<_shoal_v1_ListStacksResponse, _shoal_v1_ListStacksResponse__Output>
      ListTasksRequest: MessageTypeDefinition<_shoal_v1_ListTasksRequest, _shoal_v1_ListTasksRequest__Output>
      ListTasksResponse: MessageTypeDefinition<_shoal_v1_ListTasksResponse, _shoal_v1_ListTasksResponse__Output>
      LogLine: MessageTypeDefinition<_shoal_v1_LogLine, _shoal_v1_LogLine__Output>
      LogRequest: MessageTypeDefinition<_shoal_v1_LogRequest, _shoal_v1_LogRequest__Output>
      LogTarget: MessageTypeDefinition<_shoal_v1_LogTarget, _shoal_v1_LogTarget__Output>
      Meta: MessageTypeDefinition<_shoal_v1_Meta, _shoal_v1_Meta__Output>
      Network: MessageTypeDefinition<_shoal_v1_Network, _shoal_v1_Network__Output>
      NetworkAddress: MessageTypeDefinition<_shoal_v1_NetworkAddress, _shoal_v1_NetworkAddress__Output>
      NetworkAllocation: MessageTypeDefinition<_shoal_v1_NetworkAllocation, _shoal_v1_NetworkAllocation__Output>
      NetworkAttachment: MessageTypeDefinition<_shoal_v1_NetworkAttachment, _shoal_v1_NetworkAttachment__Output>
      NetworkMap: MessageTypeDefinition<_shoal_v1_NetworkMap, _shoal_v1_NetworkMap__Output>
      NetworkMapChange: MessageTypeDefinition<_shoal_v1_NetworkMapChange, _shoal_v1_NetworkMapChange__Output>
      NetworkMapRequest: MessageTypeDefinition<_shoal_v1_NetworkMapRequest, _shoal_v1_NetworkMapRequest__Output>
      NetworkPeer: MessageTypeDefinition<_shoal_v1_NetworkPeer, _shoal_v1_NetworkPeer__Output>
      NetworkRequest: MessageTypeDefinition<_shoal_v1_NetworkRequest, _shoal_v1_NetworkRequest__Output>
      NetworkSpec: MessageTypeDefinition<_shoal_v1_NetworkSpec, _shoal_v1_NetworkSpec__Output>
      NetworkView: MessageTypeDefinition<_shoal_v1_NetworkView, _shoal_v1_NetworkView__Output>
      Node: MessageTypeDefinition<_shoal_v1_Node, _shoal_v1_Node__Output>
      NodeDescription: MessageTypeDefinition<_shoal_v1_NodeDescription, _shoal_v1_NodeDescription__Output>
      Placement: MessageTypeDefinition<_shoal_v1_Placement, _shoal_v1_Placement__Output>
      PlacementPreference: MessageTypeDefinition<_shoal_v1_PlacementPreference, _shoal_v1_PlacementPreference__Output>
      Platform: MessageTypeDefinition<_shoal_v1_Platform, _shoal_v1_Platform__Output>
      PortConfig: MessageTypeDefinition<_shoal_v1_PortConfig, _shoal_v1_PortConfig__Output>
      ProgressSnapshot: MessageTypeDefinition<_shoal_v1_ProgressSnapshot, _shoal_v1_ProgressSnapshot__Output>
      PublishedBackend: MessageTypeDefinition<_shoal_v1_PublishedBackend, _shoal_v1_PublishedBackend__Output>
      PublishedService: MessageTypeDefinition<_shoal_v1_PublishedService, _shoal_v1_PublishedService__Output>
      RegisterRequest: MessageTypeDefinition<_shoal_v1_RegisterRequest, _shoal_v1_RegisterRequest__Output>
      RegisterResponse: MessageTypeDefinition<_shoal_v1_RegisterResponse, _shoal_v1_RegisterResponse__Output>
      RemoveNetworkResponse: MessageTypeDefinition<_shoal_v1_RemoveNetworkResponse, _shoal_v1_RemoveNetworkResponse__Output>
      RemoveNodeRequest: MessageTypeDefinition<_shoal_v1_RemoveNodeRequest, _shoal_v1_RemoveNodeRequest__Output>
      RemoveNodeResponse: MessageTypeDefinition<_shoal_v1_RemoveNodeResponse, _shoal_v1_RemoveNodeResponse__Output>
      RemoveServiceRequest: MessageTypeDefinition<_shoal_v1_RemoveServiceRequest, _shoal_v1_RemoveServiceRequest__Output>
      RemoveServiceResponse: MessageTypeDefinition<_shoal_v1_RemoveServiceResponse, _shoal_v1_RemoveServiceResponse__Output>
      RemoveStackRequest: MessageTypeDefinition<_shoal_v1_RemoveStackRequest, _shoal_v1_RemoveStackRequest__Output>
      RemoveStackResponse: MessageTypeDefinition<_shoal_v1_RemoveStackResponse, _shoal_v1_RemoveStackResponse__Output>
      ReplicaCount: MessageTypeDefinition<_shoal_v1_ReplicaCount, _shoal_v1_ReplicaCount__Output>
      ResourceRequirements: MessageTypeDefinition<_shoal_v1_ResourceRequirements, _shoal_v1_ResourceRequirements__Output>
      Resources: MessageTypeDefinition<_shoal_v1_Resources, _shoal_v1_Resources__Output>
      RestartPolicy: MessageTypeDefinition<_shoal_v1_RestartPolicy, _shoal_v1_RestartPolicy__Output>
      ScaleEntry: MessageTypeDefinition<_shoal_v1_ScaleEntry, _shoal_v1_ScaleEntry__Output>
      ScaleServicesRequest: MessageTypeDefinition<_shoal_v1_ScaleServicesRequest, _shoal_v1_ScaleServicesRequest__Output>
      ScaleServicesResponse: MessageTypeDefinition<_shoal_v1_ScaleServicesResponse, _shoal_v1_ScaleServicesResponse__Output>
      Service: MessageTypeDefinition<_shoal_v1_Service, _shoal_v1_Service__Output>
      ServiceChange: MessageTypeDefinition<_shoal_v1_ServiceChange, _shoal_v1_ServiceChange__Output>
      ServiceEndpoint: MessageTypeDefinition<_shoal_v1_ServiceEndpoint, _shoal_v1_ServiceEndpoint__Output>
      ServiceFilter: MessageTypeDefinition<_shoal_v1_ServiceFilter, _shoal_v1_ServiceFilter__Output>
      ServiceLogsMessage: MessageTypeDefinition<_shoal_v1_ServiceLogsMessage, _shoal_v1_ServiceLogsMessage__Output>
      ServiceLogsRequest: MessageTypeDefinition<_shoal_v1_ServiceLogsRequest, _shoal_v1_ServiceLogsRequest__Output>
      ServiceProgress: MessageTypeDefinition<_shoal_v1_ServiceProgress, _shoal_v1_ServiceProgress__Output>
      ServiceSpec: MessageTypeDefinition<_shoal_v1_ServiceSpec, _shoal_v1_ServiceSpec__Output>
      ServiceView: MessageTypeDefinition<_shoal_v1_ServiceView, _shoal_v1_ServiceView__Output>
      Stack: MessageTypeDefinition<_shoal_v1_Stack, _shoal_v1_Stack__Output>
      StackFileIssue: MessageTypeDefinition<_shoal_v1_StackFileIssue, _shoal_v1_StackFileIssue__Output>
      StackSpec: MessageTypeDefinition<_shoal_v1_StackSpec, _shoal_v1_StackSpec__Output>
      StackSummary: MessageTypeDefinition<_shoal_v1_StackSummary, _shoal_v1_StackSummary__Output>
      Task: MessageTypeDefinition<_shoal_v1_Task, _shoal_v1_Task__Output>
      TaskLogLine: MessageTypeDefinition<_shoal_v1_TaskLogLine, _shoal_v1_TaskLogLine__Output>
      TaskProgress: MessageTypeDefinition<_shoal_v1_TaskProgress, _shoal_v1_TaskProgress__Output>
      TaskStatus: MessageTypeDefinition<_shoal_v1_TaskStatus, _shoal_v1_TaskStatus__Output>
      TaskStatusUpdate: MessageTypeDefinition<_shoal_v1_TaskStatusUpdate, _shoal_v1_TaskStatusUpdate__Output>
      TaskView: MessageTypeDefinition<_shoal_v1_TaskView, _shoal_v1_TaskView__Output>
      UpdateConfig: MessageTypeDefinition<_shoal_v1_UpdateConfig, _shoal_v1_UpdateConfig__Output>
      UpdateNodeRequest: MessageTypeDefinition<_shoal_v1_UpdateNodeRequest, _shoal_v1_UpdateNodeRequest__Output>
      UpdateServiceRequest: MessageTypeDefinition<_shoal_v1_UpdateServiceRequest, _shoal_v1_UpdateServiceRequest__Output>
      UpdateServiceResponse: MessageTypeDefinition<_shoal_v1_UpdateServiceResponse, _shoal_v1_UpdateServiceResponse__Output>
      UpdateStatus: MessageTypeDefinition<_shoal_v1_UpdateStatus, _shoal_v1_UpdateStatus__Output>
      UpdateTaskStatusRequest: MessageTypeDefinition<_shoal_v1_UpdateTaskStatusRequest, _shoal_v1_UpdateTaskStatusRequest__Output>
      UpdateTaskStatusResponse: MessageTypeDefinition<_shoal_v1_UpdateTaskStatusResponse, _shoal_v1_UpdateTaskStatusResponse__Output>
      WatchEventsRequest: MessageTypeDefinition<_shoal_v1_WatchEventsRequest, _shoal_v1_WatchEventsRequest__Output>
      WatchProgressRequest: MessageTypeDefinition<_shoal_v1_WatchProgressRequest, _shoal_v1_WatchProgressRequest__Output>
    }
  }
}

