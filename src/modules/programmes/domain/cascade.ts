import type { MovementKind } from '../../../../contracts/programmes.js';

// TAJ-2: quotas flow State pool → programme → operator (→ beneficiary or group, issues [F]/[G]); returns go
// back up the same way. Pure rules: which moves are allowed, and that no level hands out more than it holds.

export type Holder =
  | { level: 'supplier' }
  | { level: 'pool' }
  | { level: 'programme'; programmeId: string }
  | { level: 'operator'; programmeId: string; operatorId: string };

export type CascadeRefusal =
  'same-holder' | 'skips-a-level' | 'across-programmes' | 'operator-not-attached' | 'supplier-only-via-stock';

export type CascadeDecision =
  { allowed: true; kind: MovementKind } | { allowed: false; refusal: CascadeRefusal };

/**
 * The kind of a movement between two levels, or why it is refused. An operator must be attached to the
 * programme it receives tickets from (`operatorAttached`); a programme's tickets never go straight to
 * another programme (they go back to the pool first, and the pool's keeper reallocates them).
 */
export function classifyMovement(from: Holder, to: Holder, operatorAttached: boolean): CascadeDecision {
  const refuse = (refusal: CascadeRefusal): CascadeDecision => ({ allowed: false, refusal });
  if (from.level === 'supplier' || to.level === 'supplier') return refuse('supplier-only-via-stock');
  if (sameHolder(from, to)) return refuse('same-holder');
  if (from.level === 'pool') {
    return to.level === 'programme' ? { allowed: true, kind: 'allocation' } : refuse('skips-a-level');
  }
  if (from.level === 'programme') {
    if (to.level === 'pool') return { allowed: true, kind: 'return' };
    if (to.level === 'programme') return refuse('across-programmes');
    if (to.programmeId !== from.programmeId) return refuse('across-programmes');
    return operatorAttached ? { allowed: true, kind: 'allocation' } : refuse('operator-not-attached');
  }
  // From an operator: only back to the programme it holds the tickets for.
  if (to.level === 'programme') {
    return to.programmeId === from.programmeId
      ? { allowed: true, kind: 'return' }
      : refuse('across-programmes');
  }
  return refuse(to.level === 'pool' ? 'skips-a-level' : 'across-programmes');
}

function sameHolder(a: Holder, b: Holder): boolean {
  if (a.level !== b.level) return false;
  if (a.level === 'programme' && b.level === 'programme') return a.programmeId === b.programmeId;
  if (a.level === 'operator' && b.level === 'operator')
    return a.programmeId === b.programmeId && a.operatorId === b.operatorId;
  return true;
}

/** A line that would take more than a level holds: the event, category, what is held and what was asked. */
export interface Shortfall {
  eventId: string;
  category: string;
  held: number;
  requested: number;
}

/**
 * Lines asking more than the balance, once lines for the same event and category are added up (two lines of 6
 * from a balance of 10 are refused together).
 */
export function findShortfalls(
  lines: readonly { eventId: string; category: string; quantity: number }[],
  balanceOf: (eventId: string, category: string) => number,
): Shortfall[] {
  const requested = new Map<string, { eventId: string; category: string; quantity: number }>();
  for (const line of lines) {
    const key = `${line.eventId}\u0000${line.category}`;
    const sum = requested.get(key);
    if (sum) sum.quantity += line.quantity;
    else requested.set(key, { ...line });
  }
  const shortfalls: Shortfall[] = [];
  for (const { eventId, category, quantity } of requested.values()) {
    const held = balanceOf(eventId, category);
    if (quantity > held) shortfalls.push({ eventId, category, held, requested: quantity });
  }
  return shortfalls;
}
