import { ApiError, apiGet, apiSend } from '../api.ts';
import { dataTable, el, numberColumns, replaceChildren, uniqueId } from '../dom.ts';
import { errorBox, liveRegion, messageBox, whileLoading, whileSaving } from '../feedback.ts';
import { t } from '../i18n.ts';
import { loadReference, regionPath, type Reference } from '../reference.ts';
import { href, navigate } from '../router.ts';
import type { ViewContext } from '../view-context.ts';
import {
  categoryLabel,
  formatScore,
  projectLink,
  projectStatusLabel,
  projectStatusTag,
  projectTitles,
  readAllProjects,
  readPriorities,
} from './portfolio-common.ts';
import { proposeProjectForm } from './portfolio-propose.ts';
import { PROJECT_STATUSES, CANDIDATE_STATUSES, type PriorityItem, type Project, type Ranking } from './portfolio-types.ts';

/**
 * Portefølje: every project ranked by priority, with its score, the members' support, how much
 * they disagree and its status, filtered by status and category (kept in the link). A member
 * signed in also gets its own ranking below: it orders the candidates by dragging them or with
 * "Flytt opp"/"Flytt ned", saves, and the table above is read again so the new priorities show.
 */
export function renderPortfolio(view: HTMLElement, { session, route }: ViewContext): void {
  const statusFilter = route.query.get('status') ?? '';
  const categoryFilter = route.query.get('category') ?? '';
  const tableSlot = el('div');
  const rankingSlot = el('section', { 'aria-labelledby': 'ranking-title', class: 'ranking' });
  const filterSlot = el('div');
  const proposeSlot = el('div');
  replaceChildren(view, el('h1', {}, t('portfolioTitle')), el('p', { class: 'intro' }, t('portfolioIntro')), filterSlot, tableSlot, proposeSlot, rankingSlot);

  let reference: Reference;
  let projects: Project[] = [];

  /** The table, read again after a ranking is saved; its failure stays in its own place. */
  const showTable = async (): Promise<void> => {
    try {
      const priorities = await whileLoading(tableSlot, readPriorities(reference));
      drawTable(tableSlot, projects, priorities.items, statusFilter, categoryFilter);
    } catch (error) {
      replaceChildren(tableSlot, errorBox(error, () => void showTable()));
    }
  };

  const load = async (): Promise<void> => {
    replaceChildren(tableSlot);
    try {
      reference = await whileLoading(tableSlot, loadReference());
      projects = await whileLoading(tableSlot, readAllProjects(reference));
    } catch (error) {
      replaceChildren(tableSlot, errorBox(error, () => void load()));
      return;
    }
    replaceChildren(filterSlot, filters(projects, statusFilter, categoryFilter));
    void showTable();
    replaceChildren(
      proposeSlot,
      proposeProjectForm({
        session,
        reference,
        categories: projects.map((project) => project.category),
        // The new idea joins the list (ideas have no priority, so the table is only redrawn).
        onCreated: async (created) => {
          projects = [...projects, created];
          await showTable();
        },
      }),
    );
    if (session.role !== 'member' || !session.memberId) {
      replaceChildren(rankingSlot, messageBox('info', t('rankingOnlyMembers')));
      return;
    }
    const memberId = session.memberId;
    try {
      const ranking = await whileLoading(rankingSlot, readRanking(reference, memberId));
      // A saved ranking is replaced with the version read, so a change made elsewhere meanwhile is not overwritten.
      let version = ranking.version;
      rankingEditor(rankingSlot, {
        memberName: reference.memberName(memberId),
        candidates: projects.filter((project) => CANDIDATE_STATUSES.includes(project.status)),
        ranked: ranking.projectIds,
        save: async (projectIds) => {
          const saved = await apiSend<Ranking>('PUT', rankingPath(reference, memberId), { projectIds, ...(version === undefined ? {} : { version }) });
          version = saved.version;
          await showTable();
        },
      });
    } catch (error) {
      replaceChildren(rankingSlot, errorBox(error, () => void load()));
    }
  };
  void load();
}

function rankingPath(reference: Reference, memberId: string): string {
  return `${regionPath(reference)}/rankings/${encodeURIComponent(memberId)}`;
}

/** The member's saved ranking; none saved yet reads as an empty list. */
async function readRanking(reference: Reference, memberId: string): Promise<Pick<Ranking, 'projectIds'> & { version?: number | undefined }> {
  try {
    return await apiGet<Ranking>(rankingPath(reference, memberId));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && error.code !== 'no-such-route') return { projectIds: [] };
    throw error;
  }
}

function filters(projects: readonly Project[], status: string, category: string): HTMLElement {
  const categories = [...new Set(projects.map((project) => project.category))].sort((a, b) => categoryLabel(a).localeCompare(categoryLabel(b), 'nb'));
  const statusId = uniqueId('portfolio-status');
  const categoryId = uniqueId('portfolio-category');
  const statusSelect = el(
    'select',
    { id: statusId, name: 'status' },
    el('option', { value: '' }, t('portfolioAllStatuses')),
    PROJECT_STATUSES.map((value) => el('option', { value, selected: value === status }, projectStatusLabel(value))),
  );
  const categorySelect = el(
    'select',
    { id: categoryId, name: 'category' },
    el('option', { value: '' }, t('portfolioAllCategories')),
    categories.map((value) => el('option', { value, selected: value === category }, categoryLabel(value))),
  );
  const form = el(
    'form',
    { class: 'toolbar filters-inline', role: 'search', 'aria-label': t('portfolioFilters') },
    el('div', { class: 'field' }, el('label', { for: statusId }, t('portfolioFilterStatus')), statusSelect),
    el('div', { class: 'field' }, el('label', { for: categoryId }, t('portfolioFilterCategory')), categorySelect),
    el('div', { class: 'field buttons' }, el('button', { type: 'submit' }, t('portfolioFilterButton'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    if (statusSelect.value) query.set('status', statusSelect.value);
    if (categorySelect.value) query.set('category', categorySelect.value);
    const search = query.toString();
    navigate(`${href('portfolio')}${search ? `?${search}` : ''}`);
  });
  return form;
}

/**
 * Projects with a priority first, in the API's order (priority, score, id); the rest (ideas,
 * rejected, done …) after them by title, without a rank.
 */
function drawTable(slot: HTMLElement, projects: readonly Project[], items: readonly PriorityItem[], status: string, category: string): void {
  const byId = new Map(projects.map((project) => [project.id, project]));
  const prioritised = new Set(items.map((item) => item.projectId));
  const rows: Array<{ project: Project; item?: PriorityItem; rank?: number }> = [
    ...items.flatMap((item, index) => {
      const project = byId.get(item.projectId);
      return project ? [{ project, item, rank: index + 1 }] : [];
    }),
    ...projects.filter((project) => !prioritised.has(project.id)).sort((a, b) => a.title.localeCompare(b.title, 'nb')).map((project) => ({ project })),
  ];
  if (projects.length === 0) return replaceChildren(slot, el('p', {}, t('portfolioEmpty')));
  const shown = rows.filter(({ project }) => (!status || project.status === status) && (!category || project.category === category));
  if (shown.length === 0) return replaceChildren(slot, el('p', {}, t('portfolioNone')));
  replaceChildren(
    slot,
    dataTable(
      t('portfolioCaption'),
      [
        { heading: t('portfolioRank'), kind: 'number' },
        t('portfolioProject'),
        ...numberColumns(t('portfolioPriority'), t('portfolioScore'), t('portfolioSupport'), t('portfolioDisagreement')),
        t('portfolioStatus'),
        t('portfolioCategory'),
      ],
      shown.map(({ project, item, rank }) => ({
        attributes: { 'data-project': project.id },
        cells: [
          rank === undefined ? t('none') : String(rank),
          projectLink(project.id, project.title),
          { content: item ? formatScore(item.priority) : t('none'), class: 'priority' },
          {
            content:
              item && item.score === null
                ? el('span', { class: 'tag warning', title: t('portfolioNeedsAssessmentTitle') }, t('portfolioNeedsAssessment'))
                : formatScore(item?.score),
            class: 'score',
          },
          { content: item ? formatScore(item.support) : t('none'), class: 'support' },
          { content: item ? formatScore(item.disagreement) : t('none'), class: 'disagreement' },
          projectStatusTag(project.status),
          categoryLabel(project.category),
        ],
      })),
      { class: 'portfolio', rowHeader: 1, scroll: true },
    ),
    el('p', { class: 'count', role: 'status' }, t('portfolioShowing', { count: shown.length, total: rows.length })),
  );
}

interface RankingHooks {
  memberName: string;
  candidates: readonly Project[];
  /** The saved order; ids that are no candidates (any more) are dropped. */
  ranked: readonly string[];
  save(projectIds: string[]): Promise<void>;
}

/**
 * The member's own ranking: an ordered list it can rearrange by drag and drop or with the move
 * buttons (focus stays on the button pressed, and the new place is read out), and the candidates
 * it has left out, which it can add at the bottom.
 */
function rankingEditor(slot: HTMLElement, hooks: RankingHooks): void {
  const titles = projectTitles(hooks.candidates);
  const candidateIds = new Set(hooks.candidates.map((project) => project.id));
  let order = hooks.ranked.filter((id) => candidateIds.has(id));
  let saved = [...order];
  const announcer = liveRegion('feedback');
  const listSlot = el('div');
  const unsavedNote = el('p', { class: 'meta', hidden: true }, t('rankingUnsaved'));
  const saveButton = el('button', { type: 'button', class: 'primary' }, t('rankingSave'));
  replaceChildren(
    slot,
    el('h2', { id: 'ranking-title' }, t('rankingTitle', { member: hooks.memberName })),
    el('p', { class: 'intro' }, t('rankingIntro')),
    listSlot,
    el('div', { class: 'toolbar' }, saveButton, unsavedNote),
    announcer,
  );
  if (hooks.candidates.length === 0) {
    replaceChildren(listSlot, el('p', {}, t('rankingNoCandidates')));
    saveButton.hidden = true;
    return;
  }

  const say = (text: string) => replaceChildren(announcer, messageBox('info', text));
  const changed = () => {
    unsavedNote.hidden = order.length === saved.length && order.every((id, index) => id === saved[index]);
  };

  /** Redraws both lists and puts focus back on the control that was used, wherever it moved. */
  const draw = (focus?: { projectId: string; action: string }) => {
    const unranked = hooks.candidates.filter((project) => !order.includes(project.id)).sort((a, b) => a.title.localeCompare(b.title, 'nb'));
    const count = order.length;
    const list = el(
      'ol',
      { class: 'ranking-list', 'aria-label': t('rankingCaption') },
      order.map((projectId, index) => rankedItem(projectId, index, count)),
    );
    replaceChildren(
      listSlot,
      list,
      el('h3', {}, t('rankingUnranked')),
      unranked.length === 0
        ? el('p', { class: 'meta' }, t('rankingUnrankedNone'))
        : el(
            'ul',
            { class: 'ranking-unranked' },
            unranked.map((project) =>
              el(
                'li',
                { 'data-project': project.id },
                el('span', { class: 'ranking-title' }, project.title),
                el('button', { type: 'button', 'data-action': 'add', 'aria-label': t('rankingAddFor', { project: project.title }), onclick: () => add(project.id) }, t('rankingAdd')),
              ),
            ),
          ),
    );
    changed();
    if (focus) {
      const target =
        listSlot.querySelector<HTMLButtonElement>(`[data-project="${CSS.escape(focus.projectId)}"] button[data-action="${focus.action}"]:not(:disabled)`) ??
        listSlot.querySelector<HTMLButtonElement>(`[data-project="${CSS.escape(focus.projectId)}"] button:not(:disabled)`);
      target?.focus();
    }
  };

  const rankedItem = (projectId: string, index: number, count: number): HTMLLIElement => {
    const title = titles(projectId);
    const item = el(
      'li',
      { 'data-project': projectId, draggable: 'true', class: 'ranking-item' },
      el('span', { class: 'drag-handle', 'aria-hidden': 'true', title: t('rankingDragHint') }, '⠿'),
      el('span', { class: 'ranking-position' }, `${index + 1}.`),
      el('span', { class: 'ranking-title' }, title),
      el('span', { class: 'meta ranking-points' }, t('rankingPoints', { points: count - index })),
      el(
        'span',
        { class: 'actions' },
        el('button', { type: 'button', 'data-action': 'up', disabled: index === 0, 'aria-label': t('rankingMoveUpFor', { project: title }), onclick: () => move(projectId, index - 1, 'up') }, t('rankingMoveUp')),
        el(
          'button',
          { type: 'button', 'data-action': 'down', disabled: index === count - 1, 'aria-label': t('rankingMoveDownFor', { project: title }), onclick: () => move(projectId, index + 1, 'down') },
          t('rankingMoveDown'),
        ),
        el('button', { type: 'button', 'data-action': 'remove', 'aria-label': t('rankingRemoveFor', { project: title }), onclick: () => remove(projectId) }, t('rankingRemove')),
      ),
    );
    item.addEventListener('dragstart', (event) => {
      event.dataTransfer?.setData('text/plain', projectId);
      if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
      item.classList.add('dragging');
    });
    item.addEventListener('dragend', () => item.classList.remove('dragging'));
    item.addEventListener('dragover', (event) => {
      event.preventDefault(); // allows the drop
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
      item.classList.add('drop-target');
    });
    item.addEventListener('dragleave', () => item.classList.remove('drop-target'));
    item.addEventListener('drop', (event) => {
      event.preventDefault();
      const dragged = event.dataTransfer?.getData('text/plain');
      if (!dragged || dragged === projectId || !order.includes(dragged)) return draw();
      // Dropped on the lower half of an item: after it; on the upper half: before it.
      const box = item.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      const without = order.filter((id) => id !== dragged);
      const at = without.indexOf(projectId) + (after ? 1 : 0);
      move(dragged, at, 'up', without);
    });
    return item;
  };

  const move = (projectId: string, to: number, action: string, base = order.filter((id) => id !== projectId)) => {
    const target = Math.max(0, Math.min(to, base.length));
    order = [...base.slice(0, target), projectId, ...base.slice(target)];
    draw({ projectId, action });
    say(t('rankingMoved', { project: titles(projectId), position: target + 1, count: order.length }));
  };
  const remove = (projectId: string) => {
    const index = order.indexOf(projectId);
    order = order.filter((id) => id !== projectId);
    draw();
    // Focus goes to the item that took its place (or the one above), else to the added list.
    const next = order[Math.min(index, order.length - 1)];
    if (next) listSlot.querySelector<HTMLButtonElement>(`[data-project="${CSS.escape(next)}"] button[data-action="remove"]`)?.focus();
    else listSlot.querySelector<HTMLButtonElement>(`[data-project="${CSS.escape(projectId)}"] button`)?.focus();
    say(t('rankingRemoved', { project: titles(projectId) }));
  };
  const add = (projectId: string) => {
    order = [...order, projectId];
    draw({ projectId, action: 'up' });
    say(t('rankingAdded', { project: titles(projectId), position: order.length }));
  };

  saveButton.addEventListener('click', async () => {
    try {
      await whileSaving(saveButton, () => hooks.save([...order]));
      saved = [...order];
      changed();
      replaceChildren(announcer, messageBox('success', t('rankingSaved')));
    } catch (error) {
      replaceChildren(announcer, errorBox(error));
    }
  });
  draw();
}
