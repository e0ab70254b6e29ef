/**
 * Distribution checks of a draw record (draw-record.md §8.1): outcome counts per category of registration
 * week and operator (region: absent, the applicants module stores none), and a chi-square flag computed with
 * exact rationals (BigInt), compared by cross-multiplication with a tabulated critical value. Integers only:
 * every runtime gives the same bytes. They inform, they decide nothing.
 */

export const CHECKS_FORMAT = 'gradins-draw-checks-v1';
/** A category with fewer entries is never published alone (§8.1, rule of suppression). */
export const MIN_CATEGORY_ENTRIES = 10;
/** The pooled category of the small ones. `_` sorts after digits and capitals, before lower case. */
export const OTHER_CATEGORY = '_autres';
export const CHECK_P_VALUE = '1/1000';

/**
 * Upper 0.001 quantiles of the chi-square distribution for 1…120 degrees of freedom, in thousandths, rounded
 * up (so the flag never rises on a value at the quantile): `CRITICAL_THOUSANDTHS[df - 1]`.
 */
export const CRITICAL_THOUSANDTHS: readonly number[] = [
  10828, 13816, 16267, 18467, 20516, 22458, 24322, 26125, 27878, 29589, 31265, 32910, 34529, 36124, 37698,
  39253, 40791, 42313, 43821, 45315, 46798, 48268, 49729, 51179, 52620, 54052, 55477, 56893, 58302, 59704,
  61099, 62488, 63871, 65248, 66619, 67986, 69347, 70703, 72055, 73402, 74745, 76084, 77419, 78750, 80077,
  81401, 82721, 84038, 85351, 86661, 87968, 89273, 90574, 91872, 93168, 94461, 95751, 97039, 98325, 99608,
  100888, 102167, 103443, 104717, 105989, 107258, 108526, 109792, 111056, 112317, 113577, 114836, 116092,
  117347, 118600, 119851, 121100, 122348, 123595, 124840, 126083, 127325, 128565, 129804, 131042, 132278,
  133513, 134746, 135978, 137209, 138438, 139667, 140894, 142119, 143344, 144567, 145790, 147011, 148231,
  149450, 150668, 151884, 153100, 154315, 155528, 156741, 157952, 159163, 160373, 161581, 162789, 163996,
  165202, 166407, 167611, 168814, 170016, 171218, 172418, 173618,
];

export type DimensionName = 'week' | 'operator' | 'region';

export interface CategoryCounts {
  category: string;
  entries: number;
  seats: number;
  selected: number;
  selected_seats: number;
}

export interface Rational {
  numerator: string;
  denominator: string;
}

export interface DimensionCheck {
  dimension: DimensionName;
  categories: CategoryCounts[];
  degrees_of_freedom: number;
  statistic: Rational;
  /** The critical value for `degrees_of_freedom`, a decimal with 3 digits; null when nothing is tested. */
  critical: string | null;
  flag: boolean;
}

export interface DistributionChecks {
  format: typeof CHECKS_FORMAT;
  min_category_entries: number;
  p_value: typeof CHECK_P_VALUE;
  dimensions: DimensionCheck[];
  absent: { dimension: DimensionName; reason: string }[];
}

/** What each entry contributes, once per entry: its category in each dimension, its seats, whether selected. */
export type RawCounts = Map<string, CategoryCounts>;

const byKey = (a: CategoryCounts, b: CategoryCounts): number =>
  a.category < b.category ? -1 : a.category > b.category ? 1 : 0;

const add = (into: CategoryCounts, from: CategoryCounts): void => {
  into.entries += from.entries;
  into.seats += from.seats;
  into.selected += from.selected;
  into.selected_seats += from.selected_seats;
};

/**
 * The rule of suppression (§8.1): every category with fewer than 10 entries goes into `_autres`; if `_autres`
 * still has fewer than 10 and another category exists, it takes in the smallest one (fewest entries, then
 * smallest key). Categories sorted by key (bytes).
 */
export function suppressSmall(raw: readonly CategoryCounts[]): CategoryCounts[] {
  const kept: CategoryCounts[] = [];
  let other: CategoryCounts | null = null;
  for (const row of [...raw].sort(byKey)) {
    if (row.entries >= MIN_CATEGORY_ENTRIES && row.category !== OTHER_CATEGORY) kept.push({ ...row });
    else {
      other ??= { category: OTHER_CATEGORY, entries: 0, seats: 0, selected: 0, selected_seats: 0 };
      add(other, row);
    }
  }
  if (other && other.entries < MIN_CATEGORY_ENTRIES && kept.length > 0) {
    let smallest = 0;
    for (let i = 1; i < kept.length; i++) if (kept[i]!.entries < kept[smallest]!.entries) smallest = i;
    add(other, kept[smallest]!);
    kept.splice(smallest, 1);
  }
  if (other) kept.push(other);
  return kept.sort(byKey);
}

const gcd = (a: bigint, b: bigint): bigint => {
  while (b) [a, b] = [b, a % b];
  return a;
};

/**
 * Pearson's chi-square of the 2 × k table (selected / not selected entries per category), exactly:
 * χ² = Σᵢ (N·sᵢ − nᵢ·S)² / (nᵢ · S · (N − S)), reduced; 0/1 when S = 0 or S = N (nothing varies).
 */
export function chiSquare(categories: readonly CategoryCounts[]): { numerator: bigint; denominator: bigint } {
  let total = 0n;
  let selected = 0n;
  for (const row of categories) {
    total += BigInt(row.entries);
    selected += BigInt(row.selected);
  }
  if (selected === 0n || selected === total) return { numerator: 0n, denominator: 1n };
  let numerator = 0n;
  let denominator = 1n;
  for (const row of categories) {
    const n = BigInt(row.entries);
    const diff = total * BigInt(row.selected) - n * selected;
    const termDenominator = n * selected * (total - selected);
    numerator = numerator * termDenominator + diff * diff * denominator;
    denominator *= termDenominator;
    const divisor = gcd(numerator, denominator);
    numerator /= divisor;
    denominator /= divisor;
  }
  return { numerator, denominator };
}

/** 10828 → "10.828", with integers only. */
const decimalThousandths = (value: number): string =>
  `${Math.floor(value / 1000)}.${String(value % 1000).padStart(3, '0')}`;

/** One dimension's published check from its raw counts. */
export function dimensionCheck(dimension: DimensionName, raw: readonly CategoryCounts[]): DimensionCheck {
  const categories = suppressSmall(raw);
  return checkOf(dimension, categories);
}

/** Degrees of freedom, statistic, critical value and flag of already-published categories. */
export function checkOf(dimension: DimensionName, categories: CategoryCounts[]): DimensionCheck {
  const df = Math.max(categories.length - 1, 0);
  const { numerator, denominator } = chiSquare(categories);
  const thousandths = df >= 1 ? CRITICAL_THOUSANDTHS[df - 1] : undefined;
  return {
    dimension,
    categories,
    degrees_of_freedom: df,
    statistic: { numerator: numerator.toString(), denominator: denominator.toString() },
    critical: thousandths === undefined ? null : decimalThousandths(thousandths),
    // statistic > critical ⇔ numerator · 1000 > denominator · thousandths
    flag: thousandths !== undefined && numerator * 1000n > denominator * BigInt(thousandths),
  };
}

/** The `distribution_checks` object from raw counts per dimension (absent dimensions said, with why). */
export function distributionChecks(
  dimensions: { dimension: DimensionName; raw: readonly CategoryCounts[] }[],
  absent: { dimension: DimensionName; reason: string }[],
): DistributionChecks {
  return {
    format: CHECKS_FORMAT,
    min_category_entries: MIN_CATEGORY_ENTRIES,
    p_value: CHECK_P_VALUE,
    dimensions: dimensions.map(({ dimension, raw }) => dimensionCheck(dimension, raw)),
    absent,
  };
}

/** The totals the counts must add up to, from the record's entries. */
export interface OutcomeTotals {
  entries: number;
  seats: number;
  selected: number;
  selected_seats: number;
}

export interface ChecksDifference {
  code: string;
  message: string;
  field: string;
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/**
 * Verifies published checks (§10 step 8): well formed, each category at least 10 entries (unless alone),
 * counts consistent and adding up to the record's outcomes, statistic, critical value and flag recomputed.
 */
export function verifyDistributionChecks(checks: unknown, totals: OutcomeTotals): ChecksDifference[] {
  const differences: ChecksDifference[] = [];
  if (checks === null) return differences;
  const c = checks as DistributionChecks;
  if (
    typeof checks !== 'object' ||
    c.format !== CHECKS_FORMAT ||
    c.min_category_entries !== MIN_CATEGORY_ENTRIES ||
    c.p_value !== CHECK_P_VALUE ||
    !Array.isArray(c.dimensions) ||
    !Array.isArray(c.absent)
  ) {
    differences.push({
      code: 'distribution-format',
      message: `Contrôles de répartition mal formés (attendu ${CHECKS_FORMAT}, seuil ${MIN_CATEGORY_ENTRIES}, p ${CHECK_P_VALUE})`,
      field: 'distribution_checks',
    });
    return differences;
  }
  const seenDimensions = new Set<string>();
  for (const dimension of c.dimensions) {
    const name = String(dimension?.dimension);
    const at = `distribution_checks.${name}`;
    if (seenDimensions.has(name) || !['week', 'operator', 'region'].includes(name)) {
      differences.push({
        code: 'distribution-format',
        message: `Dimension inconnue ou en double : ${name}`,
        field: at,
      });
      continue;
    }
    seenDimensions.add(name);
    if (!Array.isArray(dimension.categories) || dimension.categories.length === 0) {
      differences.push({ code: 'distribution-format', message: `${name} : aucune catégorie`, field: at });
      continue;
    }
    let wellFormed = true;
    const sum: OutcomeTotals = { entries: 0, seats: 0, selected: 0, selected_seats: 0 };
    dimension.categories.forEach((row, index) => {
      const where = `${at}[${String(row?.category)}]`;
      const fields = ['entries', 'seats', 'selected', 'selected_seats'] as const;
      if (typeof row?.category !== 'string' || !fields.every((f) => isCount(row[f]))) {
        wellFormed = false;
        differences.push({
          code: 'distribution-format',
          message: `${name} : catégorie mal formée`,
          field: where,
        });
        return;
      }
      if (index > 0 && !(dimension.categories[index - 1]!.category < row.category)) {
        wellFormed = false;
        differences.push({
          code: 'distribution-format',
          message: `${name} : catégories non triées ou en double`,
          field: where,
        });
      }
      if (row.selected > row.entries || row.selected_seats > row.seats || row.seats < row.entries)
        differences.push({
          code: 'distribution-counts',
          message: `${name} / ${row.category} : comptes incohérents (${row.selected} retenues sur ${row.entries} entrées, ${row.selected_seats} places sur ${row.seats})`,
          field: where,
        });
      if (row.entries < MIN_CATEGORY_ENTRIES && dimension.categories.length > 1)
        differences.push({
          code: 'distribution-small-category',
          message: `${name} / ${row.category} : ${row.entries} entrées, moins de ${MIN_CATEGORY_ENTRIES} — une catégorie si petite ne doit pas être publiée`,
          field: where,
        });
      for (const f of fields) sum[f] += row[f];
    });
    if (!wellFormed) continue;
    for (const f of ['entries', 'seats', 'selected', 'selected_seats'] as const)
      if (sum[f] !== totals[f])
        differences.push({
          code: 'distribution-counts',
          message: `${name} : la somme de « ${f} » sur les catégories est ${sum[f]}, le relevé en donne ${totals[f]}`,
          field: `${at}.${f}`,
        });
    const expected = checkOf(name as DimensionName, dimension.categories);
    if (dimension.degrees_of_freedom !== expected.degrees_of_freedom)
      differences.push({
        code: 'distribution-statistic',
        message: `${name} : ${String(dimension.degrees_of_freedom)} degrés de liberté au lieu de ${expected.degrees_of_freedom}`,
        field: `${at}.degrees_of_freedom`,
      });
    if (
      dimension.statistic?.numerator !== expected.statistic.numerator ||
      dimension.statistic?.denominator !== expected.statistic.denominator
    )
      differences.push({
        code: 'distribution-statistic',
        message: `${name} : khi-deux faux (attendu ${expected.statistic.numerator}/${expected.statistic.denominator})`,
        field: `${at}.statistic`,
      });
    if (dimension.critical !== expected.critical || dimension.flag !== expected.flag)
      differences.push({
        code: 'distribution-flag',
        message: `${name} : seuil ${String(dimension.critical)} / alerte ${String(dimension.flag)} au lieu de ${String(expected.critical)} / ${String(expected.flag)}`,
        field: `${at}.flag`,
      });
  }
  return differences;
}

/**
 * Raw counts per dimension from a record's entries and each entry's categories (for the test vectors and the
 * tests; the server aggregates in SQL to the same counts).
 */
export function rawCountsOf(
  entries: readonly (readonly [string, number, number, number[], string, number, number])[],
  categoriesOf: (entryId: string) => Partial<Record<DimensionName, string>>,
  dimensions: readonly DimensionName[],
): { dimension: DimensionName; raw: CategoryCounts[] }[] {
  return dimensions.map((dimension) => {
    const counts = new Map<string, CategoryCounts>();
    for (const [entryId, , seats, , , outcome] of entries) {
      const key = categoriesOf(entryId)[dimension] ?? '_inconnu';
      const row = counts.get(key) ?? { category: key, entries: 0, seats: 0, selected: 0, selected_seats: 0 };
      row.entries += 1;
      row.seats += seats;
      if (outcome > 0) {
        row.selected += 1;
        row.selected_seats += seats;
      }
      counts.set(key, row);
    }
    return { dimension, raw: [...counts.values()] };
  });
}
