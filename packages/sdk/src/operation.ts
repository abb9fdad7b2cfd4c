import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import type { RequestOptions, TypedDocument, VariablesArgument } from './transport.js';

/** An operation's text, typed with its result and variables: a plain string at run time. */
export type DocumentString<TResult, TVariables> = string &
  DocumentTypeDecoration<TResult, TVariables>;

/** Whatever runs documents: the transport from `createTransport`, or a client. */
export interface Requester {
  request<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    variables: TVariables | undefined,
    options?: RequestOptions,
  ): Promise<TResult>;
}

/**
 * A typed document made by hand; apps that generate theirs with graphql-codegen's client
 * preset get an equivalent class in their own generated code.
 */
export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  declare __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;

  constructor(private readonly value: string) {
    super(value);
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

/** A method running `document` and returning the value under its root `field`. */
export function method<TResult, TVariables, TField extends keyof TResult>(
  requester: Requester,
  document: DocumentString<TResult, TVariables>,
  field: TField,
): (...args: VariablesArgument<TVariables>) => Promise<TResult[TField]> {
  return async (...[variables, options]) => {
    const data = await requester.request(document, variables, options);
    return data[field];
  };
}
