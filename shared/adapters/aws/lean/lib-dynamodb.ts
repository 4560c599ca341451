import type { DynamoDBClient, RawCommand } from './client-dynamodb.ts';

/**
 * Stands in for `@aws-sdk/lib-dynamodb` in the Lambda bundles (see client-dynamodb.ts): the
 * document client and its commands, converting between JavaScript values and DynamoDB's
 * AttributeValues exactly as the SDK's `marshall`/`unmarshall` do with the options Driftsbilde
 * uses (`removeUndefinedValues: true`, `convertClassInstanceToMap: false`, numbers as numbers).
 */
export type AttributeValue = Record<string, unknown>;
type Item = Record<string, unknown>;

export interface MarshallOptions {
  removeUndefinedValues?: boolean;
  convertClassInstanceToMap?: boolean;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype === null || prototype === Object.prototype;
}

function numberText(value: number | bigint): string {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`Special numeric value ${value} is not allowed`);
  return String(value);
}

/** One value as an AttributeValue, or undefined when it is left out (an undefined with removeUndefinedValues). */
export function marshallValue(value: unknown, options: MarshallOptions): AttributeValue | undefined {
  if (value === undefined) {
    if (options.removeUndefinedValues) return undefined;
    throw new Error('Pass options.removeUndefinedValues=true to remove undefined values from map/array/set.');
  }
  if (value === null) return { NULL: true };
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'number':
    case 'bigint':
      return { N: numberText(value) };
    case 'boolean':
      return { BOOL: value };
    case 'object':
      break;
    default:
      throw new Error(`Unsupported type passed: ${String(value)}`);
  }
  if (value instanceof Uint8Array) return { B: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (Array.isArray(value)) return { L: value.filter((entry) => typeof entry !== 'function').map((entry) => marshallValue(entry, options)).filter((entry) => entry !== undefined) };
  if (value instanceof Set) {
    const members = [...(value as Set<unknown>)].filter((member) => member !== undefined || !options.removeUndefinedValues);
    if (members.length === 0) throw new Error('Pass a non-empty set, or options.removeUndefinedValues=true.');
    if (members.every((member) => typeof member === 'string')) return { SS: members };
    if (members.every((member) => typeof member === 'number' || typeof member === 'bigint')) return { NS: members.map((member) => numberText(member as number)) };
    if (members.every((member) => member instanceof Uint8Array)) return { BS: members.map((member) => Buffer.from(member as Uint8Array).toString('base64')) };
    throw new Error('Only Set of string, number, bigint or binary are allowed');
  }
  if (value instanceof Map) return { M: marshallMap(Object.fromEntries(value as Map<string, unknown>), options) };
  if (!isPlainObject(value) && !options.convertClassInstanceToMap) {
    throw new Error(`Unsupported type passed: ${String(value)}. Pass options.convertClassInstanceToMap=true to marshall typeof object as map attribute.`);
  }
  return { M: marshallMap(value as Item, options) };
}

export function marshallMap(item: Item, options: MarshallOptions): Record<string, AttributeValue> {
  const result: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(item)) {
    if (typeof value === 'function') continue;
    const marshalled = marshallValue(value, options);
    if (marshalled !== undefined) result[key] = marshalled;
  }
  return result;
}

function numberOf(text: string): number {
  const value = Number(text);
  // The SDK refuses to lose precision silently; so do we.
  if (/^-?\d+$/.test(text) && !Number.isSafeInteger(value)) {
    throw new Error(`Number ${text} is greater than Number.MAX_SAFE_INTEGER. Use BigInt.`);
  }
  return value;
}

export function unmarshallValue(attribute: AttributeValue): unknown {
  const [type, value] = Object.entries(attribute)[0] ?? [];
  switch (type) {
    case 'S':
      return value;
    case 'N':
      return numberOf(value as string);
    case 'BOOL':
      return value;
    case 'NULL':
      return null;
    case 'B':
      return new Uint8Array(Buffer.from(value as string, 'base64'));
    case 'L':
      return (value as AttributeValue[]).map(unmarshallValue);
    case 'M':
      return unmarshallMap(value as Record<string, AttributeValue>);
    case 'SS':
      return new Set(value as string[]);
    case 'NS':
      return new Set((value as string[]).map(numberOf));
    case 'BS':
      return new Set((value as string[]).map((entry) => new Uint8Array(Buffer.from(entry, 'base64'))));
    default:
      throw new Error(`Unsupported attribute value: ${JSON.stringify(attribute)}`);
  }
}

export function unmarshallMap(map: Record<string, AttributeValue>): Item {
  const result: Item = {};
  for (const [key, value] of Object.entries(map)) result[key] = unmarshallValue(value);
  return result;
}

/** The input and output fields that hold items or keys, per command; everything else passes through. */
type Fields = Record<string, (value: unknown, options: MarshallOptions) => unknown>;
const itemIn = (value: unknown, options: MarshallOptions) => marshallMap(value as Item, options);
const itemOut = (value: unknown) => unmarshallMap(value as Record<string, AttributeValue>);
const itemsOut = (value: unknown) => (value as Array<Record<string, AttributeValue>>).map(unmarshallMap);
const mapOver = (fields: Fields) => (value: unknown, options: MarshallOptions) => convert(value as Item, fields, options);
const eachOf = (fields: Fields) => (value: unknown, options: MarshallOptions) => (value as Item[]).map((entry) => convert(entry, fields, options));
const perTable = (inner: (value: unknown, options: MarshallOptions) => unknown) => (value: unknown, options: MarshallOptions) =>
  Object.fromEntries(Object.entries(value as Item).map(([table, entry]) => [table, inner(entry, options)]));

function convert(value: Item, fields: Fields, options: MarshallOptions): Item {
  const result: Item = { ...value };
  for (const [field, convertField] of Object.entries(fields)) if (result[field] !== undefined) result[field] = convertField(result[field], options);
  return result;
}

const ITEM_INPUTS: Fields = { Key: itemIn, Item: itemIn, ExpressionAttributeValues: itemIn, ExclusiveStartKey: itemIn };
const writeRequestsIn = perTable(eachOf({ PutRequest: mapOver({ Item: itemIn }), DeleteRequest: mapOver({ Key: itemIn }) }));
const writeRequestsOut = perTable(eachOf({ PutRequest: mapOver({ Item: itemOut }), DeleteRequest: mapOver({ Key: itemOut }) }));
const keysIn = perTable(mapOver({ Keys: (keys, options) => (keys as Item[]).map((key) => marshallMap(key, options)) }));
const keysOut = perTable(mapOver({ Keys: itemsOut }));
const transactItemIn = mapOver({ Put: mapOver(ITEM_INPUTS), Update: mapOver(ITEM_INPUTS), Delete: mapOver(ITEM_INPUTS), ConditionCheck: mapOver(ITEM_INPUTS), Get: mapOver(ITEM_INPUTS) });

interface CommandShape {
  input: Fields;
  output: Fields;
}
const SHAPES: Record<string, CommandShape> = {
  GetItem: { input: ITEM_INPUTS, output: { Item: itemOut } },
  PutItem: { input: ITEM_INPUTS, output: { Attributes: itemOut } },
  UpdateItem: { input: ITEM_INPUTS, output: { Attributes: itemOut } },
  DeleteItem: { input: ITEM_INPUTS, output: { Attributes: itemOut } },
  Query: { input: ITEM_INPUTS, output: { Items: itemsOut, LastEvaluatedKey: itemOut } },
  Scan: { input: ITEM_INPUTS, output: { Items: itemsOut, LastEvaluatedKey: itemOut } },
  BatchGetItem: { input: { RequestItems: keysIn }, output: { Responses: perTable(itemsOut), UnprocessedKeys: keysOut } },
  BatchWriteItem: { input: { RequestItems: writeRequestsIn }, output: { UnprocessedItems: writeRequestsOut } },
  TransactWriteItems: { input: { TransactItems: (items, options) => (items as Item[]).map((entry) => transactItemIn(entry, options)) }, output: {} },
  TransactGetItems: { input: { TransactItems: (items, options) => (items as Item[]).map((entry) => transactItemIn(entry, options)) }, output: { Responses: eachOf({ Item: itemOut }) } },
};

const SDK_COMMANDS: Record<string, string> = {
  GetCommand: 'GetItem',
  PutCommand: 'PutItem',
  UpdateCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
  QueryCommand: 'Query',
  ScanCommand: 'Scan',
  BatchGetCommand: 'BatchGetItem',
  BatchWriteCommand: 'BatchWriteItem',
  TransactWriteCommand: 'TransactWriteItems',
  TransactGetCommand: 'TransactGetItems',
};

/** A document command: the SDK's command shape (`new GetCommand(input)`, `.input`). */
abstract class DocumentCommand<Input extends object = Record<string, unknown>> {
  abstract readonly operation: string;
  constructor(readonly input: Input) {}
}
export class GetCommand<I extends object = Record<string, unknown>> extends DocumentCommand<I> { readonly operation = 'GetItem'; }
export class PutCommand<I extends object = Record<string, unknown>> extends DocumentCommand<I> { readonly operation = 'PutItem'; }
export class UpdateCommand<I extends object = Record<string, unknown>> extends DocumentCommand<I> { readonly operation = 'UpdateItem'; }
export class DeleteCommand<I extends object = Record<string, unknown>> extends DocumentCommand<I> { readonly operation = 'DeleteItem'; }
export class QueryCommand<I extends object = Record<string, unknown>> extends DocumentCommand<I> { readonly operation = 'Query'; }
export class ScanCommand<I extends object = Record<string, unknown>> extends DocumentCommand<I> { readonly operation = 'Scan'; }
export class BatchGetCommand<I extends object = Record<string, unknown>> extends DocumentCommand<I> { readonly operation = 'BatchGetItem'; }
export class BatchWriteCommand<I extends object = Record<string, unknown>> extends DocumentCommand<I> { readonly operation = 'BatchWriteItem'; }
export class TransactWriteCommand<I extends object = Record<string, unknown>> extends DocumentCommand<I> { readonly operation = 'TransactWriteItems'; }
export class TransactGetCommand<I extends object = Record<string, unknown>> extends DocumentCommand<I> { readonly operation = 'TransactGetItems'; }

export class DynamoDBDocumentClient {
  static from(client: DynamoDBClient, translateConfig: { marshallOptions?: MarshallOptions } = {}): DynamoDBDocumentClient {
    return new DynamoDBDocumentClient(client, translateConfig.marshallOptions ?? {});
  }

  private constructor(
    readonly client: DynamoDBClient,
    private readonly marshallOptions: MarshallOptions,
  ) {}

  async send(command: DocumentCommand<object>): Promise<Record<string, unknown>> {
    // The SDK's own command objects are accepted too, by class name (the tests pass those).
    const operation = command.operation ?? SDK_COMMANDS[command.constructor.name];
    const shape = operation ? SHAPES[operation] : undefined;
    if (!operation || !shape) throw new Error(`no document command ${command.constructor.name}`);
    const raw: RawCommand = { operation, input: convert(command.input as Item, shape.input, this.marshallOptions) };
    return convert(await this.client.send(raw), shape.output, this.marshallOptions);
  }
}
