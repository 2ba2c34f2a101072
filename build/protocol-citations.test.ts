// Code comments cite the vendored protocol reference as "protocol reference 5.6", "A.8",
// "section 3" or "appendix C": every such place must exist in docs/protocol-reference.md, so a
// reader can follow each citation.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { productSources } from './type-names';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The places a citation may name: sections (`2`, `2.7`), edge cases (`9.17`), appendices (`C`, `A.8`). */
function referencePlaces(markdown: string): Set<string> {
  const places = new Set<string>();
  let section: string | undefined;
  for (const line of markdown.split('\n')) {
    const heading = /^##+ (?:Appendix )?([A-Z]|\d+)(?:\.(\d+))?[.\s]/.exec(line);
    if (heading) {
      section = heading[1];
      places.add(heading[2] ? `${heading[1]}.${heading[2]}` : heading[1]!);
      continue;
    }
    const entry = /^([A-Z])\.(\d+) /.exec(line);
    if (entry) places.add(`${entry[1]}.${entry[2]}`);
    const item = /^(\d+)\. /.exec(line);
    if (item && section) places.add(`${section}.${item[1]}`);
  }
  return places;
}

/** What the citations in a source name, e.g. `(protocol reference 3.9 / A.8)` → 3.9, A.8. */
function citedPlaces(source: string): string[] {
  const cited: string[] = [];
  for (const match of source.matchAll(/protocol reference,?\s*([^)\n]*)/gi)) {
    const text = match[1]!.replace(/appendix ([A-Z])\b/gi, ' $1 ');
    for (const place of text.matchAll(/(?:^|[\s,/(])([A-Z](?:\.\d+)?|\d+(?:\.\d+)?)(?=$|[\s,/:;)'])/g)) {
      cited.push(place[1]!);
    }
  }
  return cited;
}

describe('citations of the protocol reference', () => {
  it('finds sections, edge cases and appendix entries, and what a comment cites', () => {
    const places = referencePlaces(
      '## 2. Framing\n### 2.7 No escaping\n## 9. Edge\n17. **Serialize**\n## Appendix A. x\nA.8 PACKET (104)\n',
    );
    expect([...places].sort()).toEqual(['2', '2.7', '9', '9.17', 'A', 'A.8']);
    expect(citedPlaces('x (protocol reference 3.9 / A.8). y protocol reference, appendix C\n')).toEqual([
      '3.9',
      'A.8',
      'C',
    ]);
    expect(citedPlaces('(protocol reference sections 3.6, 4.2 and 9)')).toEqual(['3.6', '4.2', '9']);
  });

  it('names only places that exist in docs/protocol-reference.md', () => {
    const places = referencePlaces(readFileSync(path.join(root, 'docs', 'protocol-reference.md'), 'utf8'));
    const missing: string[] = [];
    for (const [file, source] of productSources(root, ['bench', 'build', 'test'])) {
      for (const place of citedPlaces(source)) if (!places.has(place)) missing.push(`${file}: ${place}`);
    }
    expect(missing).toEqual([]);
  });
});
