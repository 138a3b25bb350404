// Original file: proto/shoal.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AgentLogMessage as _shoal_v1_AgentLogMessage, AgentLogMessage__Output as _shoal_v1_AgentLogMessage__Output } from '../../shoal/v1/AgentLogMessage';
import type { AssignmentsMessage as _shoal_v1_AssignmentsMessage, AssignmentsMessage__Output as _shoal_v1_AssignmentsMessage__Output } from '../../shoal/v1/AssignmentsMessage';
import type { AssignmentsRequest as _shoal_v1_AssignmentsRequest, AssignmentsRequest__Output as _shoal_v1_AssignmentsRequest__Output } from '../../shoal/v1/AssignmentsRequest';
import type { HeartbeatRequest as _shoal_v1_HeartbeatRequest, HeartbeatRequest__Output as _shoal_v1_HeartbeatRequest__Output } from '../../shoal/v1/HeartbeatRequest';
import type { HeartbeatResponse as _shoal_v1_HeartbeatResponse, HeartbeatResponse__Output as _shoal_v1_HeartbeatResponse__Output } from '../../shoal/v1/HeartbeatResponse';
import type { LogRequest as _shoal_v1_LogRequest, LogRequest__Output as _shoal_v1_LogRequest__Output } from '../../shoal/v1/LogRequest';
import type { NetworkMap as _shoal_v1_NetworkMap, NetworkMap__Output as _shoal_v1_NetworkMap__Output } from '../../shoal/v1/NetworkMap';
import type { NetworkMapRequest as _shoal_v1_NetworkMapRequest, NetworkMapRequest__Output as _shoal_v1_NetworkMapRequest__Output } from '../../shoal/v1/NetworkMapRequest';
import type { RegisterRequest as _shoal_v1_RegisterRequest, RegisterRequest__Output as _shoal_v1_RegisterRequest__Output } from '../../shoal/v1/RegisterRequest';
import type { RegisterResponse as _shoal_v1_RegisterResponse, RegisterResponse__Output as _shoal_v1_RegisterResponse__Output } from '../../shoal/v1/RegisterResponse';
import type { UpdateTaskStatusRequest as _shoal_v1_UpdateTaskStatusRequest, UpdateTaskStatusRequest__Output as _shoal_v1_UpdateTaskStatusRequest__Output } from '../../shoal/v1/UpdateTaskStatusRequest';
import type { UpdateTaskStatusResponse as _shoal_v1_UpdateTaskStatusResponse, UpdateTaskStatusResponse__Output as _shoal_v1_UpdateTaskStatusResponse__Output } from '../../shoal/v1/UpdateTaskStatusResponse';

export interface DispatcherClient extends grpc.Client {
  Assignments(argument: _shoal_v1_AssignmentsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_AssignmentsMessage__Output>;
  Assignments(argument: _shoal_v1_AssignmentsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_AssignmentsMessage__Output>;
  assignments(argument: _shoal_v1_AssignmentsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_AssignmentsMessage__Output>;
  assignments(argument: _shoal_v1_AssignmentsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_AssignmentsMessage__Output>;
  
  Heartbeat(argument: _shoal_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _shoal_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _shoal_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _shoal_v1_HeartbeatRequest, callback: grpc.requestCallback<_shoal_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _shoal_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _shoal_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _shoal_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _shoal_v1_HeartbeatRequest, callback: grpc.requestCallback<_shoal_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  
  Logs(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_shoal_v1_AgentLogMessage, _shoal_v1_LogRequest__Output>;
  Logs(options?: grpc.CallOptions): grpc.ClientDuplexStream<_shoal_v1_AgentLogMessage, _shoal_v1_LogRequest__Output>;
  logs(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_shoal_v1_AgentLogMessage, _shoal_v1_LogRequest__Output>;
  logs(options?: grpc.CallOptions): grpc.ClientDuplexStream<_shoal_v1_AgentLogMessage, _shoal_v1_LogRequest__Output>;
  
  Register(argument: _shoal_v1_RegisterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  Register(argument: _shoal_v1_RegisterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  Register(argument: _shoal_v1_RegisterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  Register(argument: _shoal_v1_RegisterRequest, callback: grpc.requestCallback<_shoal_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _shoal_v1_RegisterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _shoal_v1_RegisterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _shoal_v1_RegisterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _shoal_v1_RegisterRequest, callback: grpc.requestCallback<_shoal_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  
  UpdateTaskStatus(argument: _shoal_v1_UpdateTaskStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_UpdateTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  UpdateTaskStatus(argument: _shoal_v1_UpdateTaskStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_UpdateTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  UpdateTaskStatus(argument: _shoal_v1_UpdateTaskStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_UpdateTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  UpdateTaskStatus(argument: _shoal_v1_UpdateTaskStatusRequest, callback: grpc.requestCallback<_shoal_v1_UpdateTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  updateTaskStatus(argument: _shoal_v1_UpdateTaskStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_UpdateTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  updateTaskStatus(argument: _shoal_v1_UpdateTaskStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoal_v1_UpdateTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  updateTaskStatus(argument: _shoal_v1_UpdateTaskStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoal_v1_UpdateTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  updateTaskStatus(argument: _shoal_v1_UpdateTaskStatusRequest, callback: grpc.requestCallback<_shoal_v1_UpdateTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  
  WatchNetworkMap(argument: _shoal_v1_NetworkMapRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_NetworkMap__Output>;
  WatchNetworkMap(argument: _shoal_v1_NetworkMapRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_NetworkMap__Output>;
  watchNetworkMap(argument: _shoal_v1_NetworkMapRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_NetworkMap__Output>;
  watchNetworkMap(argument: _shoal_v1_NetworkMapRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shoal_v1_NetworkMap__Output>;
  
}

export interface DispatcherHandlers extends grpc.UntypedServiceImplementation {
  Assignments: grpc.handleServerStreamingCall<_shoal_v1_AssignmentsRequest__Output, _shoal_v1_AssignmentsMessage>;
  
  Heartbeat: grpc.handleUnaryCall<_shoal_v1_HeartbeatRequest__Output, _shoal_v1_HeartbeatResponse>;
  
  Logs: grpc.handleBidiStreamingCall<_shoal_v1_AgentLogMessage__Output, _shoal_v1_LogRequest>;
  
  Register: grpc.handleUnaryCall<_shoal_v1_RegisterRequest__Output, _shoal_v1_RegisterResponse>;
  
  UpdateTaskStatus: grpc.handleUnaryCall<_shoal_v1_UpdateTaskStatusRequest__Output, _shoal_v1_UpdateTaskStatusResponse>;
  
  WatchNetworkMap: grpc.handleServerStreamingCall<_shoal_v1_NetworkMapRequest__Output, _shoal_v1_NetworkMap>;
  
}

export interface DispatcherDefinition extends grpc.ServiceDefinition {
  Assignments: MethodDefinition<_shoal_v1_AssignmentsRequest, _shoal_v1_AssignmentsMessage, _shoal_v1_AssignmentsRequest__Output, _shoal_v1_AssignmentsMessage__Output>
  Heartbeat: MethodDefinition<_shoal_v1_HeartbeatRequest, _shoal_v1_HeartbeatResponse, _shoal_v1_HeartbeatRequest__Output, _shoal_v1_HeartbeatResponse__Output>
  Logs: MethodDefinition<_shoal_v1_AgentLogMessage, _shoal_v1_LogRequest, _shoal_v1_AgentLogMessage__Output, _shoal_v1_LogRequest__Output>
  Register: MethodDefinition<_shoal_v1_RegisterRequest, _shoal_v1_RegisterResponse, _shoal_v1_RegisterRequest__Output, _shoal_v1_RegisterResponse__Output>
  UpdateTaskStatus: MethodDefinition<_shoal_v1_UpdateTaskStatusRequest, _shoal_v1_UpdateTaskStatusResponse, _shoal_v1_UpdateTaskStatusRequest__Output, _shoal_v1_UpdateTaskStatusResponse__Output>
  WatchNetworkMap: MethodDefinition<_shoal_v1_NetworkMapRequest, _shoal_v1_NetworkMap, _shoal_v1_NetworkMapRequest__Output, _shoal_v1_NetworkMap__Output>
}
