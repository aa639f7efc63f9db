/**
 * References, as users read and type them: findings F-<n>, rectification tasks R-<n>, document
 * requests D-<n>, important matters (请示报告) M-<n>. Per team, starting at 1, never reused (commands.md).
 */

/** Each kind of numbered record and the letter of its references. */
export const REF_PREFIXES = { finding: 'F', task: 'R', doc: 'D', matter: 'M' } as const;
export type RecordKind = keyof typeof REF_PREFIXES;

const KINDS = Object.keys(REF_PREFIXES) as RecordKind[];

/** A record's reference as users see it: refOf('finding', 3) → `F-3`. */
export function refOf(kind: RecordKind, n: number): string {
  return `${REF_PREFIXES[kind]}-${n}`;
}

/** A reference typed as F-3, f3, F－3 or 3 → its number; undefined when it is not one of `kind`'s. */
export function parseRef(input: string, kind: RecordKind): number | undefined {
  const m = new RegExp(`^(?:${REF_PREFIXES[kind]}[-－]?)?0*(\\d{1,9})$`, 'i').exec(input.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return n > 0 ? n : undefined;
}

/**
 * A reference that names its kind (`F-3`, `r2`, `D－1`; a bare number does not) → the kind and number;
 * undefined for anything else, such as a member's user id in the audit log.
 */
export function readRef(input: string): { kind: RecordKind; n: number } | undefined {
  const m = /^([A-Z])[-－]?0*(\d{1,9})$/i.exec(input.trim());
  const kind = m && KINDS.find((k) => REF_PREFIXES[k] === m[1]!.toUpperCase());
  const n = Number(m?.[2]);
  return kind && n > 0 ? { kind, n } : undefined;
}
