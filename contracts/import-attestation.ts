// Plain text, no schema: the web app imports it as a value without bundling Zod.

/**
 * What an operator confirms when opening an import (TAJ-5), stored word for word with the import: the file
 * holds no consent of its own, so this is the record that each consent was collected.
 */
export const IMPORT_ATTESTATION = {
  fr: 'J’atteste que chaque personne du fichier — et, pour un mineur, son représentant légal, ainsi que l’enfant lui-même s’il a moins de 15 ans — a reçu la notice d’information, la charte d’utilisation et l’engagement de présence en vigueur à la date indiquée dans la colonne consentement_le, et y a consenti ce jour-là.',
  en: 'I attest that each person in the file — and, for a minor, their legal representative, as well as the child if under 15 — received the privacy notice, the usage charter and the attendance commitment in force on the date given in the consentement_le column, and consented to them on that day.',
} as const;
