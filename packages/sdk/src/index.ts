export { createClient, createTransport, type BinhDangClient } from './client.js';
export {
  AbortedError,
  BinhDangError,
  GraphQLRequestError,
  HttpError,
  NetworkError,
  TimeoutError,
  type ErrorContext,
  type GraphQLErrorDetail,
} from './errors.js';
export { TypedDocumentString, type DocumentString, type Requester } from './operation.js';
export { paginate, type ConnectionPage, type PaginateOptions } from './paginate.js';
export type {
  ClientOptions,
  RequestHooks,
  RequestInfo,
  RequestOptions,
  ParsedDocument,
  Transport,
  TypedDocument,
  VariablesArgument,
} from './transport.js';
/** Every module's factory, method interface and operation documents (pure strings). */
export * from './generated/modules/index.js';
/** Result and variable types of the operations, and the schema's input and enum types. */
export type * from './generated/types.js';
