import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort, startDynamoDbLocal, type RunningDynamoDb } from '../../local/dynamodb-local.ts';

/**
 * DynamoDB Local has no authentication, so it must answer on 127.0.0.1 only. Proven against the
 * machine's own non-loopback addresses: a control server bound to every interface is reachable
 * there (so the address works), and the DynamoDB Local port on the same address is refused.
 */
const outsideAddresses = Object.values(networkInterfaces())
  .flat()
  .filter((address) => address !== undefined && !address.internal && !address.address.startsWith('fe80:'))
  .map((address) => (address as { address: string }).address);

if (outsideAddresses.length === 0) {
  console.log('dynamodb-loopback: SKIPPED — this machine has no non-loopback network address to try DynamoDB Local from');
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port, timeout: 5_000 });
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('timeout', () => (socket.destroy(), done(false)));
    socket.once('error', () => done(false));
  });
}

const started: RunningDynamoDb[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'driftsbilde-loopback-'));
afterAll(async () => {
  for (const dynamo of started) await dynamo.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('DynamoDB Local on loopback', () => {
  it.skipIf(outsideAddresses.length === 0)('is refused on every non-loopback address of the machine, reachable on 127.0.0.1', async () => {
    const port = Number(new URL(inject('dynamoDbEndpoint')).port);
    expect(await connects('127.0.0.1', port)).toBe(true);

    const control: Server = createServer((socket) => socket.end());
    const controlPort = await freePort();
    await new Promise<void>((done) => control.listen(controlPort, '::', () => done())); // every interface, for the control only
    try {
      for (const address of outsideAddresses) {
        expect(await connects(address, controlPort), `control server reachable on ${address}`).toBe(true);
        expect(await connects(address, port), `DynamoDB Local on ${address}:${port}`).toBe(false);
      }
    } finally {
      await new Promise((done) => control.close(done));
    }
  });

  it('keeps its data in the folder it is given, bound to loopback', async () => {
    const dynamo = await startDynamoDbLocal({ port: await freePort(), dataDir, warn: (line) => expect.fail(line) });
    started.push(dynamo);
    expect(dynamo.binding).toBe('loopback');
    const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'eu-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await client.send(
      new CreateTableCommand({
        TableName: 'loopback-proof',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    client.destroy();
    expect(readdirSync(dataDir)).toContain('shared-local-instance.db');
    for (const address of outsideAddresses) expect(await connects(address, dynamo.port), `DynamoDB Local on ${address}`).toBe(false);
  });
});
