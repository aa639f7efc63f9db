/**
 * Shorten text for a line or a label: at most `max` characters, cut between whole characters (half an
 * emoji is not valid text on any platform), with an ellipsis when anything was cut.
 */
export function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}
