import { describe, expect, it } from 'vitest';
import { classifyMovement, findShortfalls, type Holder } from './cascade.js';

const pool: Holder = { level: 'pool' };
const youth: Holder = { level: 'programme', programmeId: 'p1' };
const agents: Holder = { level: 'programme', programmeId: 'p2' };
const education: Holder = { level: 'operator', programmeId: 'p1', operatorId: 'o1' };
const educationForAgents: Holder = { level: 'operator', programmeId: 'p2', operatorId: 'o1' };

describe('the cascade State pool → programme → operator', () => {
  it('allocates down one level at a time and returns up one level at a time', () => {
    expect(classifyMovement(pool, youth, false)).toEqual({ allowed: true, kind: 'allocation' });
    expect(classifyMovement(youth, education, true)).toEqual({ allowed: true, kind: 'allocation' });
    expect(classifyMovement(education, youth, true)).toEqual({ allowed: true, kind: 'return' });
    expect(classifyMovement(youth, pool, false)).toEqual({ allowed: true, kind: 'return' });
  });

  it('refuses skipping a level, crossing programmes, an operator not attached, and the supplier', () => {
    expect(classifyMovement(pool, education, true)).toEqual({ allowed: false, refusal: 'skips-a-level' });
    expect(classifyMovement(education, pool, true)).toEqual({ allowed: false, refusal: 'skips-a-level' });
    expect(classifyMovement(youth, agents, true)).toEqual({ allowed: false, refusal: 'across-programmes' });
    expect(classifyMovement(youth, educationForAgents, true)).toEqual({
      allowed: false,
      refusal: 'across-programmes',
    });
    expect(classifyMovement(education, agents, true)).toEqual({
      allowed: false,
      refusal: 'across-programmes',
    });
    expect(classifyMovement(youth, education, false)).toEqual({
      allowed: false,
      refusal: 'operator-not-attached',
    });
    expect(classifyMovement({ level: 'supplier' }, pool, false)).toEqual({
      allowed: false,
      refusal: 'supplier-only-via-stock',
    });
    expect(classifyMovement(youth, { level: 'programme', programmeId: 'p1' }, false)).toEqual({
      allowed: false,
      refusal: 'same-holder',
    });
  });
});

describe('shortfalls', () => {
  const balances: Record<string, number> = { 'e1/C': 10, 'e1/D': 3 };
  const balanceOf = (eventId: string, category: string) => balances[`${eventId}/${category}`] ?? 0;

  it('adds up lines for the same event and category before comparing with the balance', () => {
    expect(
      findShortfalls(
        [
          { eventId: 'e1', category: 'C', quantity: 6 },
          { eventId: 'e1', category: 'C', quantity: 6 },
          { eventId: 'e1', category: 'D', quantity: 3 },
        ],
        balanceOf,
      ),
    ).toEqual([{ eventId: 'e1', category: 'C', held: 10, requested: 12 }]);
  });

  it('finds nothing when every line is covered, and counts an unknown cell as empty', () => {
    expect(findShortfalls([{ eventId: 'e1', category: 'C', quantity: 10 }], balanceOf)).toEqual([]);
    expect(findShortfalls([{ eventId: 'e2', category: 'C', quantity: 1 }], balanceOf)).toEqual([
      { eventId: 'e2', category: 'C', held: 0, requested: 1 },
    ]);
  });
});
