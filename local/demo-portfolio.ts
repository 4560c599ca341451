import { existsSync, readFileSync } from 'node:fs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbPortfolio } from '#shared/adapters/dynamodb/portfolio.ts';
import { loadPortfolioBundle, type LoadedPortfolio } from '#shared/domain/portfolio-service/portfolio-bundle.ts';

/** The demo region's portfolio: projects, rankings, scenarios and project envelopes (issue 8). */
export const DEMO_PORTFOLIO_FILE = new URL('../data/demo/portfolio.json', import.meta.url);

/**
 * Loads the demo portfolio into a store that holds the demo region and no portfolio yet (a store
 * made before the portfolio existed gets it on its next start). Undefined when there was nothing to do.
 */
export async function loadDemoPortfolio(doc: DynamoDBDocumentClient, tableName: string, file: URL = DEMO_PORTFOLIO_FILE): Promise<LoadedPortfolio | undefined> {
  if (!existsSync(file)) return undefined;
  const { portfolio, store, budgetLines } = dynamoDbPortfolio(doc, tableName);
  return loadPortfolioBundle({ portfolio, store, budgetLines }, JSON.parse(readFileSync(file, 'utf8')));
}
