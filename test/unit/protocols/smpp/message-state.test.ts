// Tests for message_state values and the receipt stat mapping.
import { describe, it, expect } from 'vitest';
import {
  MessageState,
  RECEIPT_STATS,
  isFinalState,
  isMessageState,
  isSuccessState,
  messageStateName,
  stateFromStat,
  statFromState,
} from '../../../../src/protocols/smpp/message-state.ts';

describe('message_state', () => {
  it('has the section 11 values plus the 5.0 ones', () => {
    expect(MessageState).toEqual({
      SCHEDULED: 0,
      ENROUTE: 1,
      DELIVERED: 2,
      EXPIRED: 3,
      DELETED: 4,
      UNDELIVERABLE: 5,
      ACCEPTED: 6,
      UNKNOWN: 7,
      REJECTED: 8,
      SKIPPED: 9,
    });
  });

  it.each([
    [1, 'ENROUTE'],
    [2, 'DELIVRD'],
    [3, 'EXPIRED'],
    [4, 'DELETED'],
    [5, 'UNDELIV'],
    [6, 'ACCEPTD'],
    [7, 'UNKNOWN'],
    [8, 'REJECTD'],
  ])('state %i ⇄ stat %s', (state, stat) => {
    expect(statFromState(state)).toBe(stat);
    expect(stateFromStat(stat)).toBe(state);
  });

  it('maps every receipt word back to a state that maps to it', () => {
    for (const stat of RECEIPT_STATS) {
      const state = stateFromStat(stat);
      expect(state).toBeDefined();
      expect(statFromState(state!)).toBe(stat);
    }
  });

  it('has no stat word for SCHEDULED, SKIPPED or values outside the table', () => {
    expect(statFromState(0)).toBeUndefined();
    expect(statFromState(9)).toBeUndefined();
    expect(statFromState(42)).toBeUndefined();
  });

  it('reads stat words case-insensitively, with blanks, and full state names', () => {
    expect(stateFromStat(' delivrd ')).toBe(2);
    expect(stateFromStat('Undeliv')).toBe(5);
    expect(stateFromStat('DELIVERED')).toBe(2);
    expect(stateFromStat('undeliverable')).toBe(5);
    expect(stateFromStat('REJECTED')).toBe(8);
    expect(stateFromStat('NOROUTE')).toBeUndefined();
    expect(stateFromStat('')).toBeUndefined();
  });

  it('knows which states are final', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter(isFinalState)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(isFinalState(10)).toBe(false);
  });

  it('counts only DELIVERED as success', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter(isSuccessState)).toEqual([2]);
  });

  it('names states, including unknown values', () => {
    expect(messageStateName(5)).toBe('UNDELIVERABLE');
    expect(messageStateName(77)).toBe('UNKNOWN_STATE(77)');
    expect(isMessageState(9)).toBe(true);
    expect(isMessageState(10)).toBe(false);
  });
});
