// TAJ-9: one person, one ticket per Games across programmes. The identity key of a person is an HMAC (with a
// key of its own purpose, outside the database) of their normalised identity, so two spellings of one
// person meet, and nobody can read a name back from a key. This is the pure half: normalisation.

/** Apostrophes of every kind vanish (« D'Arc », « D’Arc », « DArc » meet); hyphens and dots become spaces. */
const APOSTROPHES = /['’‘`´ʼ]/g;
const SEPARATORS = /[-‐‑‒–—_.,]/g;

/**
 * NFKD, accents stripped, upper case, apostrophes removed, hyphens folded to spaces, spaces collapsed:
 * « Élodie-Anne » → « ELODIE ANNE », « d’Arc » → « DARC », « Ægir » → « AEGIR ».
 */
export function normaliseNamePart(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/Æ/g, 'AE')
    .replace(/æ/g, 'ae')
    .replace(/Œ/g, 'OE')
    .replace(/œ/g, 'oe')
    .replace(/ß/g, 'ss')
    .replace(APOSTROPHES, '')
    .replace(SEPARATORS, ' ')
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export interface Identity {
  /** Birth surname (never the usage name). */
  birthSurname: string;
  /** All first names, as given; only the first counts for the key. */
  firstNames: string;
  /** ISO date, `2012-03-04`. */
  birthDate: string;
}

/**
 * The text an identity key is computed from: birth surname without spaces (« DE LA FONTAINE » and
 * « DELAFONTAINE » meet), the first of the first names, the ISO birth date. Versioned, so a change of rule
 * is a new version, never a silent change of every key.
 */
export function identityKeyInput(identity: Identity): string {
  const surname = normaliseNamePart(identity.birthSurname).replace(/ /g, '');
  const firstName = normaliseNamePart(identity.firstNames).split(' ')[0] ?? '';
  return `v1|${surname}|${firstName}|${identity.birthDate}`;
}
