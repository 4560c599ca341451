import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbPortfolio } from '#shared/adapters/dynamodb/portfolio.ts';
import { loadPortfolioBundle, type LoadedPortfolio, type PortfolioBundle } from '#shared/domain/portfolio-service/portfolio-bundle.ts';
import { PORTFOLIO_DEMO_REGION_ID, portfolioBudgetLines, portfolioDecisionLog, portfolioProjects, portfolioRankings, portfolioScenarios } from './seed/portfolio-demo.ts';

/** The demo region's portfolio (issue 8): projects, decision log, rankings, scenarios and the action programme's lines. */
export const DEMO_PORTFOLIO: PortfolioBundle = {
  regionId: PORTFOLIO_DEMO_REGION_ID,
  budgetLines: portfolioBudgetLines,
  projects: portfolioProjects,
  decisionLog: portfolioDecisionLog,
  rankings: portfolioRankings,
  scenarios: portfolioScenarios,
};

/**
 * Loads the demo portfolio into a store that holds the demo region and no portfolio yet (a store
 * made before the portfolio existed gets it on its next start). Undefined when there was nothing to do.
 */
export function loadDemoPortfolio(doc: DynamoDBDocumentClient, tableName: string, bundle: PortfolioBundle = DEMO_PORTFOLIO): Promise<LoadedPortfolio | undefined> {
  const { portfolio, store, budgetLines } = dynamoDbPortfolio(doc, tableName);
  return loadPortfolioBundle({ portfolio, store, budgetLines }, bundle);
}
