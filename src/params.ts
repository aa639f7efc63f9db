/**
 * A command's parameters, each declared once: where it is typed, what it takes, whether it may be left
 * out, and the key of its texts in the catalogs. Parsing (`specOf`), validation (`schemaOf`), the usage
 * line, /help, form fields and the names in error replies are all derived from these declarations.
 */
import { z } from 'zod';
import { oneLine, type ArgSpec } from './args.ts';
import type { RecordKind } from './refs.ts';
import type { TaxonomyList } from './taxonomy.ts';

/** What a parameter takes; it decides the form field that asks for it. */
export type ParamKind = 'text' | 'word' | 'name' | 'choice' | 'ref' | 'date' | 'user' | 'unit' | 'number' | 'flag';

/** Where a value is typed: a word in its place, the rest of the line as typed, or after `--name`. */
export type Place = 'word' | 'rest' | 'option';

export interface ParamSpec<T> {
  kind: ParamKind;
  /** The check of a value as typed (a string; true for a flag); what it yields is what `run` gets. */
  schema: z.ZodType<T>;
  place: Place;
  optional: boolean;
  /** The key of its texts: in its family's catalog, else in the common one. Its own name when unset. */
  label?: string;
  /** A choice's values: the options of its form field, and its placeholder in the usage line when `listed`. */
  values?: readonly string[];
  listed?: boolean;
  /** What a reference names: a form lists the team's records of that kind. */
  ref?: RecordKind;
  /** The taxonomy list a choice is one of, known only at run time: a form offers the office's list. */
  taxonomy?: TaxonomyList;
}

/** One parameter's declaration. `O`: whether it may be left out; `L`: its label key, when not its name. */
export class Param<T = unknown, O extends boolean = boolean, L extends string | undefined = string | undefined> {
  constructor(readonly spec: ParamSpec<T>) {}

  private with<O2 extends boolean = O, L2 extends string | undefined = L>(change: Partial<ParamSpec<T>>): Param<T, O2, L2> {
    return new Param<T, O2, L2>({ ...this.spec, ...change });
  }

  /** It may be left out: `run` gets undefined then. */
  optional(): Param<T, true, L> {
    return this.with<true>({ optional: true });
  }

  /** Typed as `--name value`. */
  option(): Param<T, O, L> {
    return this.with({ place: 'option' });
  }

  /** Takes the rest of the line, as typed: the last positional only. */
  rest(): Param<T, O, L> {
    return this.with({ place: 'rest' });
  }

  /** Its texts under `key` instead of its own name, e.g. where one family words the same parameter two ways. */
  label<const K extends string>(key: K): Param<T, O, K> {
    return this.with<O, K>({ label: key });
  }

  /** The usage line lists its values (`--to 纪委监委|组织部|单位`) instead of a placeholder. */
  listed(): Param<T, O, L> {
    return this.with({ listed: true });
  }
}

const make = <T, L extends string | undefined = undefined>(kind: ParamKind, schema: z.ZodType<T>, extra: Partial<ParamSpec<T>> = {}) =>
  new Param<T, false, L>({ kind, schema, place: 'word', optional: false, ...extra });

/**
 * A value typed for a parameter: never blank. `--unit ""` is refused as empty, in the same words for
 * every parameter, before any lookup could answer 「没有被巡察单位「」」.
 */
const filled = () => z.string().trim().min(1);

/** The kinds of parameter, each with its check. Lookups that need the team (units, references, dates) are the command's, in src/lookups.ts. */
export const param = {
  /** Free text kept as typed: not blank, at most `max` characters. */
  text: (max: number) => make('text', z.string().trim().min(1).max(max)),
  /** A name that identifies (a team's, a unit's): one line with single spaces, not blank, at most `max`. */
  name: (max: number) => make('name', z.string().transform(oneLine).pipe(z.string().min(1).max(max))),
  /** A word the command reads itself (a role, a clock time, search words), at most `max` characters. */
  word: (max?: number) => make('word', max === undefined ? filled() : filled().max(max)),
  /** One of `values`, matched by the command (a unique beginning is enough: 作风 for 作风建设). */
  choice: (values: readonly string[]) => make('choice', filled(), { values }),
  /**
   * One of the office's taxonomy `list` (categories, tags, sources), matched by the command against
   * `ctx.services.taxonomy`: the list is the office's file's, so the usage line keeps a placeholder.
   */
  taxonomy: (list: TaxonomyList) => make('choice', filled(), { taxonomy: list }),
  /** Exactly one of `values`, checked with the arguments. */
  exact: <const V extends readonly [string, ...string[]]>(values: V) => make('choice', filled().pipe(z.enum(values)), { values }),
  /** A reference to a record of the team (F-3, R-2, D-1), loaded by the command; its texts are the kind's. */
  ref: <const K extends RecordKind>(kind: K) => make<string, K>('ref', filled(), { ref: kind, label: kind }),
  /** A date as people type it (2026-12-31, 明天, 15工作日), read by the command in the team's time zone. */
  date: () => make('date', filled()),
  /** A person as typed on the platform (a mention, @name, an id). */
  user: () => make('user', filled()),
  /** One of the team's inspected units. */
  unit: () => make('unit', filled()),
  /** `--page <n>`: which page of a list; one past the last is refused by the list (pageOf), which knows how many there are. */
  page: () => make('number', z.coerce.number().int().min(1)).option().optional(),
  /** `--name` alone: true when given. */
  flag: () => make('flag', z.boolean()).option().optional(),
};

/** A command's parameters by name, in the order positionals are typed. */
export type Params = Readonly<Record<string, Param>>;

/** The arguments `run` gets: each parameter's value, undefined where an optional one was left out. */
export type Values<P extends Params> = {
  [K in keyof P]: P[K] extends Param<infer T, infer O> ? (O extends true ? T | undefined : T) : never;
};

/** The key of a parameter's texts: its label, else its name. */
export const labelOf = (name: string, p: Param) => p.spec.label ?? name;

/**
 * What the tokenizer's collect needs: the positionals in order (the last may take the rest of the line)
 * and the options. Throws on a declaration no command line could fill, as a configuration mistake.
 */
export function specOf(id: string, ps: Params): ArgSpec {
  const entries = Object.entries(ps);
  const positionals = entries.filter(([, p]) => p.spec.place !== 'option');
  positionals.forEach(([name, p], i) => {
    if (p.spec.place === 'rest' && i < positionals.length - 1) throw new Error(`${id}: only the last positional may take the rest of the line (${name})`);
    if (!p.spec.optional && positionals.slice(0, i).some(([, before]) => before.spec.optional)) throw new Error(`${id}: ${name} follows an optional positional`);
  });
  return {
    positionals: positionals.map(([name, p]) => (p.spec.place === 'rest' ? { name, rest: true } : { name })),
    options: Object.fromEntries(entries.filter(([, p]) => p.spec.place === 'option').map(([name, p]) => [name, p.spec.kind === 'flag' ? 'flag' : 'value'])),
  };
}

/** The check of a command's arguments: each parameter's, and nothing undeclared. */
export function schemaOf<P extends Params>(ps: P): z.ZodType<Values<P>> {
  const shape = Object.fromEntries(Object.entries(ps).map(([name, p]) => [name, p.spec.optional ? p.spec.schema.optional() : p.spec.schema]));
  // Built from entries, zod cannot infer the shape: Values<P> states the same one from the declarations.
  return z.strictObject(shape) as unknown as z.ZodType<Values<P>>;
}
