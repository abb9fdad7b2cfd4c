import {
  agencies,
  audit,
  imports,
  indicators,
  localities,
  officials,
  strategy,
  tasks,
  training,
} from './generated/modules/index.js';
import { paginate } from './paginate.js';
import {
  Transport,
  type ClientOptions,
  type TypedDocument,
  type VariablesArgument,
} from './transport.js';

/**
 * The transport alone: runs any typed document. Bind only the modules an app uses to keep its
 * bundle small: `indicators(createTransport({ url }))` from `@binh-dang/sdk/indicators`.
 */
export function createTransport(options: ClientOptions): Transport {
  return new Transport(options);
}

/**
 * The whole Bình Đẳng client. Methods are grouped like the server's modules; each runs one of
 * the SDK's typed operations and returns the root field's value (`null` for an unknown key).
 */
export function createClient(options: ClientOptions) {
  const transport = new Transport(options);

  /** Runs any typed document: the SDK's own or one a consumer generated. */
  function request<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    ...[variables, requestOptions]: VariablesArgument<TVariables>
  ): Promise<TResult> {
    return transport.request(document, variables, requestOptions);
  }

  return {
    request,
    paginate,
    transport,
    localities: localities(transport),
    strategy: strategy(transport),
    indicators: indicators(transport),
    officials: officials(transport),
    agencies: agencies(transport),
    training: training(transport),
    tasks: tasks(transport),
    imports: imports(transport),
    audit: audit(transport),
  };
}

export type BinhDangClient = ReturnType<typeof createClient>;
