import { describe, expect, it } from 'vitest';
import { unassigned } from './reclaim.js';

const P = '00000000-0000-4000-8000-000000000001';
const O = '00000000-0000-4000-8000-000000000002';
const E = '00000000-0000-4000-8000-000000000003';
const row = (level: 'programme' | 'operator', category: string, quantity: number) => ({
  level,
  programmeId: P,
  operatorId: level === 'operator' ? O : null,
  eventId: E,
  category,
  quantity,
});

describe('unassigned (TAJ-17): what the reclaim may take back', () => {
  it('takes the seats tickets hold off their holder’s balance, categories in sorted order', () => {
    const balances = [row('operator', 'B', 2), row('operator', 'A', 2), row('programme', 'A', 4)];
    const held = [{ programmeId: P, operatorId: O, eventId: E, seats: 3 }];
    expect(unassigned(balances, held)).toEqual([row('programme', 'A', 4), row('operator', 'B', 1)]);
  });

  it('leaves nothing when every seat is held, and the programme’s own seats apart from its operators’', () => {
    const balances = [row('operator', 'A', 2), row('programme', 'A', 1)];
    const held = [
      { programmeId: P, operatorId: O, eventId: E, seats: 2 },
      { programmeId: P, operatorId: null, eventId: E, seats: 1 },
    ];
    expect(unassigned(balances, held)).toEqual([]);
    expect(unassigned(balances, [])).toEqual([row('operator', 'A', 2), row('programme', 'A', 1)]);
  });
});
