// Money on the console: the API speaks integer li (1/10000 yuan); people read and type yuan.

const LI_PER_YUAN = 10_000;

/** "¥12.3400" from 123400 li; negative amounts keep their sign. */
export function formatYuan(li: number): string {
  const sign = li < 0 ? '-' : '';
  const abs = Math.abs(li);
  return `${sign}¥${Math.floor(abs / LI_PER_YUAN)}.${String(abs % LI_PER_YUAN).padStart(4, '0')}`;
}

/** Yuan typed by a person ("12", "-0.5", "3.1415") to li without floating point; null when not a amount. */
export function yuanToLi(input: string): number | null {
  const m = /^\s*(-?)(\d{1,8})(?:\.(\d{1,4}))?\s*$/.exec(input);
  if (!m) return null;
  const li = Number(m[2]) * LI_PER_YUAN + Number((m[3] ?? '').padEnd(4, '0'));
  return m[1] === '-' ? -li : li;
}
