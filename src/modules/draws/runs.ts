import type { DrawRunProgress, DrawView } from '../../../contracts/draws.js';
import type { Database } from '../../platform/db/database.js';
import { ProblemError } from '../../platform/http/problem.js';
import type { Acting, DrawsDeps, DrawScope } from './deps.js';
import { drawProblems } from './problems.js';
import { auditDrawStep, drawInScope } from './repository.js';
import { runCommittedDraw, runnableCommitment } from './run.js';
import { drawView, listDraws, showDraw } from './views.js';

/**
 * Draws running in the background on this server process (`POST …/run` → 202), their progress and the last
 * failure, held in memory: reading them never waits for the database, whose single PGlite connection the run's
 * transaction holds while it writes. Per process: another node of a cluster does not see them (the final
 * transaction re-checks the status under a row lock, so two nodes never both run a draw).
 */
interface RunState {
  operatorId: string | null;
  /** The draw as it was when the run started (status `committed`). */
  view: DrawView;
  running: DrawRunProgress | null;
  error: { code: string; detail: string } | null;
  done: Promise<void>;
}

const registries = new WeakMap<Database, Map<string, RunState>>();

function runsOf(database: Database): Map<string, RunState> {
  let runs = registries.get(database);
  if (!runs) registries.set(database, (runs = new Map()));
  return runs;
}

function withRunState(view: DrawView, state: RunState | undefined): DrawView {
  if (!state) return view;
  return { ...view, running: state.running ? { ...state.running } : null, runError: state.error };
}

export interface RunLog {
  error(details: object, message: string): void;
}

/**
 * Starts a committed draw's run in the background and answers at once with the draw, `running` set. The
 * status and the beacon value are checked first, so those refusals come back to the caller.
 */
export async function startDrawRun(
  deps: DrawsDeps,
  drawId: string,
  scope: DrawScope,
  who: Acting,
  log: RunLog,
): Promise<DrawView> {
  const runs = runsOf(deps.database);
  if (runs.get(drawId)?.running) throw drawProblems.running();
  const db = deps.database.db;
  const draw = await drawInScope(db, drawId, scope);
  await runnableCommitment(db, draw);
  const view = await drawView(db, draw);
  // Checked again after the last await: two requests at once, one run.
  if (runs.get(drawId)?.running) throw drawProblems.running();
  const startedAt = deps.clock.now().toISOString();
  const state: RunState = {
    operatorId: draw.operatorId,
    view,
    running: { phase: 'reading', done: 0, total: draw.entryCount ?? 0, startedAt },
    error: null,
    done: Promise.resolve(),
  };
  runs.set(drawId, state);
  state.done = runCommittedDraw(deps, drawId, scope, who, {
    onProgress: (phase, done, total) => {
      state.running = { phase, done, total, startedAt };
    },
  }).then(
    () => {
      runs.delete(drawId);
    },
    async (error: unknown) => {
      state.running = null;
      state.error =
        error instanceof ProblemError
          ? { code: error.code, detail: error.detail.fr }
          : { code: 'draw-run-failed', detail: 'Le tirage a échoué sur le serveur ; il peut être relancé.' };
      log.error({ err: error, drawId }, 'background draw run failed');
      try {
        await deps.database.transaction((tx) =>
          auditDrawStep(tx, who, deps.clock.now(), 'draws.draw.run', drawId, 'failure'),
        );
      } catch (auditError) {
        log.error({ err: auditError, drawId }, 'could not audit the failed draw run');
      }
    },
  );
  return withRunState(view, state);
}

/** A draw as `GET …/{drawId}` shows it: while it runs, from memory, without waiting for the database. */
export async function showDrawWithRun(deps: DrawsDeps, drawId: string, scope: DrawScope): Promise<DrawView> {
  const state = runsOf(deps.database).get(drawId);
  if (state?.running) {
    if ('operatorId' in scope && state.operatorId !== scope.operatorId) throw drawProblems.notFound();
    return withRunState(state.view, state);
  }
  return withRunState(await showDraw(deps.database.db, drawId, scope), state);
}

export async function listDrawsWithRuns(deps: DrawsDeps, scope: DrawScope): Promise<DrawView[]> {
  const runs = runsOf(deps.database);
  return (await listDraws(deps.database.db, scope)).map((view) => withRunState(view, runs.get(view.id)));
}

/** Resolves once every background run of this database has ended (the server waits for them on close). */
export async function backgroundRunsEnded(database: Database): Promise<void> {
  await Promise.all([...runsOf(database).values()].map((state) => state.done));
}
