// English messages that count things choose the noun's form by Intl.PluralRules (issue 12 item 6:
// no "1 months" or "Imported 1 rows"): a number placed before a plural noun must sit in a
// `{n, plural, one {…} other {…}}` block. Checks every English catalogue, the plugins' included.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

/** Messages whose `{x} nouns` is not a count of the nouns, each with why. */
const NOT_COUNTS: Readonly<Record<string, string>> = {
  'calc.missingData': '{year} figures: the year of the figures',
  'branches.missing': '{year} {list} figures: the year and the insurances',
  'branches.carried': '{year} policy figures: the year of the figures',
  'invite.intro': '{tenant} invites: a verb',
};

// Words after `{x}` that end the phrase (verbs, prepositions): `{city} was not filed`, `{count} of them`.
const PHRASE_ENDS = new Set(['a', 'an', 'the', 'of', 'in', 'to', 'at', 'by', 'for', 'from', 'with', 'on', 'and', 'or', 'as', 'is', 'was', 'has', 'are', 'were', 'be', 'been', 'will', 'can', 'could', 'may', 'not', 'ago']);
// Words ending in s that are not plural nouns.
const NOT_PLURAL = new Set(['ms', 'this', 'its', 'us', 'yes', 'plus', 'status', 'always', 'across', 'perhaps']);

/** The message without its plural blocks (their forms are chosen by the rules). */
function withoutPluralBlocks(text: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const match = /\{\s*\w+\s*,\s*plural\s*,/.exec(text.slice(at));
    if (!match) return out + text.slice(at);
    const open = at + match.index;
    let depth = 0;
    let close = open;
    for (; close < text.length; close++) {
      if (text[close] === '{') depth++;
      else if (text[close] === '}' && --depth === 0) break;
    }
    out += `${text.slice(at, open)}{plural}`;
    at = close + 1;
  }
}

/** `{x} nouns` phrases outside plural blocks: `{x}` then up to three words, one of them a plural noun. */
function countedNouns(text: string): string[] {
  const found: string[] = [];
  for (const match of withoutPluralBlocks(text).matchAll(/\{(\w+)\}((?:\s+[a-z][a-z()-]*){1,3})/g)) {
    if (match[1] === 'plural') continue;
    for (const word of match[2]!.trim().split(/\s+/)) {
      if (PHRASE_ENDS.has(word)) break;
      if (word.endsWith('(s)') || word === 'people' || (word.endsWith('s') && !word.endsWith('ss') && !NOT_PLURAL.has(word))) {
        found.push(match[0]);
        break;
      }
    }
  }
  return found;
}

async function englishCatalogues(): Promise<string[]> {
  const features = (await readdir(join(ROOT, 'apps/web/src/features'))).map((f) => `apps/web/src/features/${f}/messages.en.ts`);
  const plugins = (await readdir(join(ROOT, 'plugins'))).map((p) => `plugins/${p}/web/messages.en.ts`);
  const present = await Promise.all(
    [...features, ...plugins].map((f) =>
      readdir(join(ROOT, f, '..')).then(
        (names) => (names.includes('messages.en.ts') ? f : undefined),
        () => undefined,
      ),
    ),
  );
  return present.filter((f): f is string => f !== undefined);
}

describe('English messages', () => {
  it('put every counted noun in a plural block ({n, plural, one {# month} other {# months}})', async () => {
    const files = await englishCatalogues();
    expect(files.length).toBeGreaterThan(20);
    const offending: string[] = [];
    for (const file of files) {
      const { messages } = (await import(join(ROOT, file))) as { messages: Record<string, string> };
      for (const [key, text] of Object.entries(messages)) {
        if (key in NOT_COUNTS) continue;
        for (const phrase of countedNouns(text)) offending.push(`${file} ${key}: ${phrase}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('finds a number before a plural noun, and only outside plural blocks', () => {
    expect(countedNouns('{rows} rows imported')).toEqual(['{rows} rows imported']);
    expect(countedNouns('Show all {count} months')).toEqual(['{count} months']);
    expect(countedNouns('{lines} bill lines recorded.')).toEqual(['{lines} bill lines recorded']);
    expect(countedNouns('{count} people')).toEqual(['{count} people']);
    expect(countedNouns('{months} month(s) will have')).toEqual(['{months} month(s) will have']);
    expect(countedNouns('{rows, plural, one {# row} other {# rows}} imported')).toEqual([]);
    expect(countedNouns('The {kind} of {name} in {city} was not filed')).toEqual([]);
    expect(countedNouns('{count} of them; {ms} ms; {name} is now {role}')).toEqual([]);
  });
});
