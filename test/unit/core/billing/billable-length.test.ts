// Billable length (domain.md §3.1): the providers' own examples, the signature counted, GSM-7 abroad.
import { describe, expect, it } from 'vitest';
import { billableLength } from '../../../../src/core/billing/billable-length.ts';

const segments = (text: string, domestic = true) => billableLength(text, domestic).segments;

describe('billableLength', () => {
  it('follows the Huawei examples: 68 → 1, 134 → 2, 135 → 3; 70 fits one, 71 needs two', () => {
    expect(segments('字'.repeat(68))).toBe(1);
    expect(segments('字'.repeat(70))).toBe(1);
    expect(segments('字'.repeat(71))).toBe(2);
    expect(segments('字'.repeat(134))).toBe(2);
    expect(segments('字'.repeat(135))).toBe(3);
  });

  it('follows the Aliyun example: 160 characters are 67 + 67 + 26 = 3 messages', () => {
    expect(billableLength('a'.repeat(160), true)).toEqual({ length: 160, segments: 3, single: 70, multi: 67 });
  });

  it('counts the signature with its brackets: 【华为云】 is 5 characters', () => {
    expect(billableLength('【华为云】', true).length).toBe(5);
    expect(segments(`【华为云】${'字'.repeat(65)}`)).toBe(1);
    expect(segments(`【华为云】${'字'.repeat(66)}`)).toBe(2);
  });

  it('counts full- and half-width punctuation, digits and spaces as 1 each; an emoji as one character', () => {
    expect(billableLength('，, 1１ a', true).length).toBe(7);
    expect(billableLength('😀', true).length).toBe(1);
  });

  it('abroad, a GSM-7 text uses 160/153 and the extension characters count 2', () => {
    expect(segments('a'.repeat(160), false)).toBe(1);
    expect(segments('a'.repeat(161), false)).toBe(2);
    expect(billableLength('{}', false).length).toBe(4);
    expect(segments(`${'a'.repeat(159)}€`, false)).toBe(2);
    expect(segments(`${'a'.repeat(158)}€`, false)).toBe(1);
  });

  it('abroad, a text with any non-GSM character uses 70/67', () => {
    expect(billableLength(`${'a'.repeat(69)}中`, false)).toMatchObject({ length: 70, segments: 1, single: 70 });
    expect(segments(`${'a'.repeat(70)}中`, false)).toBe(2);
  });
});
