// Splits the recipients box: one number per line, or separated by commas / semicolons (ASCII or full-width).

export function parseRecipients(input: string | undefined): string[] {
  return (input ?? '')
    .split(/[\n\r,，;；]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);
}
