export { createClient, type BinhDangClient } from './client.js';
export {
  AbortedError,
  BinhDangError,
  GraphQLRequestError,
  HttpError,
  NetworkError,
  TimeoutError,
  type GraphQLErrorDetail,
} from './errors.js';
export { paginate, type ConnectionPage } from './paginate.js';
export type { ClientOptions, RequestOptions, TypedDocument } from './transport.js';
/** Operation documents, result and variable types, and the schema's input and enum types. */
export * from './generated/graphql.js';
