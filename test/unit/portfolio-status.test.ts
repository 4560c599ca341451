import { describe, expect, it } from 'vitest';
import { DriftsbildeError } from '#shared/domain/errors.ts';
import { assertMayEditProject } from '#shared/domain/authorisation.ts';
import {
  assertTransition,
  decideTransition,
  legalTransitions,
  projectDates,
  transitionsFor,
} from '#shared/domain/portfolio/status.ts';

const operator = { subject: 'ola', roles: ['operator' as const] };
const budgetOwner = { subject: 'kari', roles: ['budget-owner' as const] };
const admin = { subject: 'root', roles: ['admin' as const] };
const lillesand = { subject: 'lill', roles: ['member' as const], memberId: 'lillesand' };

function thrown(fn: () => void): DriftsbildeError {
  try {
    fn();
  } catch (error) {
    return error as DriftsbildeError;
  }
  throw new Error('expected an error');
}

describe('project status machine', () => {
  it('follows idea → assessed → approved → in-progress → done, with rejected and on-hold on the way', () => {
    expect(legalTransitions('idea')).toEqual(['assessed', 'rejected', 'on-hold']);
    expect(legalTransitions('assessed')).toEqual(['idea', 'approved', 'rejected', 'on-hold']);
    expect(legalTransitions('approved')).toEqual(['in-progress', 'rejected', 'on-hold']);
    expect(legalTransitions('in-progress')).toEqual(['done', 'on-hold']);
    expect(legalTransitions('done')).toEqual([]);
  });

  it('refuses an illegal transition with 409 illegal-transition naming the allowed ones', () => {
    const error = thrown(() => assertTransition(admin, 'idea', 'done'));
    expect(error.statusCode).toBe(409);
    expect(error.code).toBe('illegal-transition');
    expect(error.details).toEqual({ from: 'idea', to: 'done', allowed: ['assessed', 'rejected', 'on-hold'] });
    expect(thrown(() => assertTransition(admin, 'done', 'idea')).details).toEqual({ from: 'done', to: 'idea', allowed: [] });
  });

  it('lets operators assess but not approve; budget owners approve but not assess; members make none', () => {
    expect(() => assertTransition(operator, 'idea', 'assessed')).not.toThrow();
    const refused = thrown(() => assertTransition(operator, 'assessed', 'approved'));
    expect(refused.statusCode).toBe(403);
    expect(refused.code).toBe('transition-not-allowed');
    expect(refused.details).toEqual({ from: 'assessed', to: 'approved', roles: ['budget-owner', 'admin'] });
    expect(() => assertTransition(budgetOwner, 'assessed', 'approved')).not.toThrow();
    expect(thrown(() => assertTransition(budgetOwner, 'idea', 'assessed')).statusCode).toBe(403);
    expect(transitionsFor(lillesand, 'idea')).toEqual([]);
    expect(transitionsFor(operator, 'idea')).toEqual(['assessed']);
    expect(transitionsFor(budgetOwner, 'idea')).toEqual(['rejected', 'on-hold']);
    expect(transitionsFor(admin, 'approved')).toEqual(['in-progress', 'rejected', 'on-hold']);
  });

  it('records who, when, from, to and why, and reads start and end dates from the log', () => {
    const entry = decideTransition(budgetOwner, { id: 'p1', status: 'approved' }, { to: 'in-progress', reason: 'Kontrakt signert' }, '2018-04-01T08:00:00.000Z');
    expect(entry).toEqual({ projectId: 'p1', who: 'kari', role: 'budget-owner', when: '2018-04-01T08:00:00.000Z', from: 'approved', to: 'in-progress', reason: 'Kontrakt signert' });
    expect(
      projectDates([
        { to: 'assessed', when: '2018-01-01T10:00:00Z' },
        { to: 'in-progress', when: '2018-04-01T08:00:00Z' },
        { to: 'on-hold', when: '2018-05-01T08:00:00Z' },
        { to: 'in-progress', when: '2018-05-20T08:00:00Z' },
        { to: 'done', when: '2018-06-15T12:00:00Z' },
      ]),
    ).toEqual({ startedOn: '2018-05-20', endedOn: '2018-06-15' });
    expect(projectDates([])).toEqual({ startedOn: null, endedOn: null });
  });

  it('lets a member edit only its own idea, and never the assessment or the forcing', () => {
    const ownIdea = { status: 'idea' as const, proposedBy: 'lillesand' };
    expect(() => assertMayEditProject(lillesand, ownIdea, ['title', 'description'])).not.toThrow();
    expect(() => assertMayEditProject(lillesand, undefined, ['title'], 'lillesand')).not.toThrow();
    expect(thrown(() => assertMayEditProject(lillesand, undefined, ['title'], 'birkenes')).code).toBe('project-not-own-idea');
    expect(thrown(() => assertMayEditProject(lillesand, { status: 'assessed', proposedBy: 'lillesand' }, ['title'])).code).toBe('project-not-own-idea');
    expect(thrown(() => assertMayEditProject(lillesand, { status: 'idea', proposedBy: 'birkenes' }, ['title'])).code).toBe('project-not-own-idea');
    const refused = thrown(() => assertMayEditProject(lillesand, ownIdea, ['title', 'ratings', 'forced']));
    expect(refused.code).toBe('project-field-not-allowed');
    expect(refused.details).toEqual({ fields: ['ratings', 'forced'] });
    expect(() => assertMayEditProject(operator, ownIdea, ['ratings', 'costs', 'risks', 'deviceIds'])).not.toThrow();
    expect(thrown(() => assertMayEditProject(operator, ownIdea, ['forced'])).details).toEqual({ fields: ['forced'] });
    expect(() => assertMayEditProject(budgetOwner, ownIdea, ['forced', 'ratings'])).not.toThrow();
  });
});
