import { eq, sql } from 'drizzle-orm';
import { selectRows, type Db } from '../../platform/db/database.js';
import { organisations, programmes } from '../../platform/db/schema/index.js';
import { decisionInScope, decisionView } from './attributions.js';
import type { DrawScope } from './deps.js';
import type { DistributionChecks } from './domain/distribution.js';
import type { DrawCommitment, DrawRecord } from './domain/record.js';
import { drawProblems } from './problems.js';
import { recordBytesOf } from './record-bytes.js';
import { commitmentOf, drawInScope, recordOf } from './repository.js';
import { ReportPdf } from './pdf.js';

// The internal-control reports (TAJ-13, seed 1 §3.1: « rapports formalisés et conservés pour justifier des
// diligences accomplies »), in French, as PDF a controller can file: one per draw, one per manual decision.

const STEP_WORDS: Record<string, string> = {
  'draws.draw.created': 'Préparation du tirage',
  'draws.quotas.changed': 'Modification des quotas',
  'draws.draw.frozen': 'Gel des entrées',
  'draws.draw.committed': 'Engagement signé',
  'draws.beacon.entered': 'Saisie de l’aléa drand',
  'draws.draw.run': 'Tirage effectué, relevé signé',
  'draws.draw.published': 'Publication du relevé',
  'draws.control-report.downloaded': 'Téléchargement du rapport de contrôle',
  'draws.manual-decision.recorded': 'Décision consignée',
  'draws.manual-attribution.made': 'Attribution manuelle',
  'draws.manual-decision.read': 'Consultation de la décision',
  'draws.manual-report.downloaded': 'Téléchargement du rapport de contrôle',
};

const RESULT_WORDS: Record<string, string> = { success: 'réussi', failure: 'refusé', denied: 'refusé' };

const when = (at: Date | string): string =>
  `${new Date(at).toISOString().replace('T', ' ').slice(0, 19)} UTC`;

interface Step {
  occurred_at: string | Date;
  action: string;
  result: string;
  who: string;
}

/** Who did each step and when: the audit entries naming the target, with the actor's name and e-mail. */
async function stepsOf(db: Db, table: string, id: string): Promise<Step[]> {
  return selectRows<Step>(
    db,
    sql`select e.occurred_at, e.action, e.result,
               coalesce(u.display_name || ' <' || u.email || '>', e.actor) as who
        from audit_events e left join users u on u.id::text = e.actor
        where e.target_table = ${table} and ${id} = any(e.target_ids)
        order by e.occurred_at, e.id`,
  );
}

async function bucketNames(db: Db, programmeId: string, operatorId: string | null) {
  const [programme] = await db.select().from(programmes).where(eq(programmes.id, programmeId));
  const [operator] = operatorId
    ? await db.select().from(organisations).where(eq(organisations.id, operatorId))
    : [];
  return {
    programme: programme?.name ?? programmeId,
    bucket: operator ? `${operator.name} (opérateur)` : 'programme entier',
  };
}

/** 4313087/577500 → « 7,468 » (integers only: truncated to thousandths). */
function approx(numerator: string, denominator: string): string {
  const thousandths = (BigInt(numerator) * 1000n) / BigInt(denominator);
  return `${thousandths / 1000n},${String(thousandths % 1000n).padStart(3, '0')}`;
}

const DIMENSION_WORDS = { week: 'Semaine d’inscription', operator: 'Opérateur', region: 'Région' };

function checksSection(
  pdf: ReportPdf,
  checks: DistributionChecks | null,
  operatorNames: Map<string, string>,
) {
  pdf.heading('Contrôles de répartition (draw-record.md §8.1)');
  if (!checks) {
    pdf.paragraph('Ce relevé ne contient pas de contrôles de répartition.');
    return;
  }
  pdf.paragraph(
    `Taux de sélection par catégorie ; les catégories de moins de ${checks.min_category_entries} entrées sont regroupées dans « _autres ». Khi-deux de Pearson calculé exactement (fraction d’entiers), comparé à la valeur critique au seuil p = 0,001. Une alerte appelle un examen ; elle ne décide rien.`,
  );
  for (const dimension of checks.dimensions) {
    pdf.gap().field(DIMENSION_WORDS[dimension.dimension], '');
    pdf.table(
      ['Catégorie', 'Entrées', 'Places demandées', 'Retenues', 'Places attribuées'],
      dimension.categories.map((c) => [
        dimension.dimension === 'operator' ? (operatorNames.get(c.category) ?? c.category) : c.category,
        String(c.entries),
        String(c.seats),
        String(c.selected),
        String(c.selected_seats),
      ]),
      [175, 70, 90, 70, 90],
    );
    const { numerator, denominator } = dimension.statistic;
    pdf
      .field('Degrés de liberté', String(dimension.degrees_of_freedom))
      .field('Khi-deux', `${numerator}/${denominator}, soit ${approx(numerator, denominator)} environ`)
      .field('Valeur critique (p = 0,001)', dimension.critical ?? 'sans objet (une seule catégorie)')
      .field('Alerte', dimension.flag ? 'OUI — écart significatif, à examiner' : 'non');
  }
  for (const absent of checks.absent)
    pdf.field(`${DIMENSION_WORDS[absent.dimension]} (absent)`, absent.reason);
}

/** The draw's control report: identity, steps, commitment, beacon, seed, counts, hashes, checks, how to verify. */
export async function drawControlReport(
  db: Db,
  drawId: string,
  scope: DrawScope,
  at: Date,
): Promise<{ pdf: Buffer; drawId: string }> {
  const draw = await drawInScope(db, drawId, scope);
  if (draw.status !== 'run' && draw.status !== 'published')
    throw drawProblems.wrongStatus(draw.status, 'run', {
      fr: 'produire le rapport de contrôle',
      en: 'produce the control report',
    });
  const committed = (await commitmentOf(db, draw.id))!;
  const stored = (await recordOf(db, draw.id))!;
  const record = JSON.parse((await recordBytesOf(db, draw.id))!.toString('utf8')) as DrawRecord;
  const commitment = JSON.parse(committed.commitmentBytes) as DrawCommitment;
  const names = await bucketNames(db, draw.programmeId, draw.operatorId);
  const operatorIds = (record.distribution_checks?.dimensions ?? [])
    .filter((d) => d.dimension === 'operator')
    .flatMap((d) => d.categories.map((c) => c.category))
    .filter((id) => /^[0-9a-f-]{36}$/.test(id));
  const operatorNames = new Map(
    operatorIds.length
      ? (
          await selectRows<{ id: string; name: string }>(
            db,
            sql`select id::text as id, name from organisations where id::text in (${sql.join(
              operatorIds.map((id) => sql`${id}`),
              sql`, `,
            )})`,
          )
        ).map((row) => [row.id, `${row.name} (${row.id})`])
      : [],
  );
  const steps = await stepsOf(db, 'draws', draw.id);

  let seats = 0;
  let selected = 0;
  let selectedSeats = 0;
  let reserve = 0;
  for (const row of record.entries) {
    seats += row[2];
    if (row[5] > 0) {
      selected += 1;
      selectedSeats += row[2];
    } else reserve += 1;
  }
  const quotaSeats = commitment.quotas.reduce((sum, q) => sum + q.seats, 0);

  const pdf = new ReportPdf('Rapport de contrôle interne — tirage au sort', at);
  pdf
    .paragraph(
      'Programme « Tous aux Jeux » — désignation des bénéficiaires par tirage au sort (recommandation de l’Agence française anticorruption). Ce rapport est établi à partir du relevé signé du tirage et du journal d’audit de la plateforme Gradins.',
    )
    .heading('Identité du tirage')
    .field('Nom', draw.name)
    .field('Identifiant', draw.id, { mono: true })
    .field('Programme', names.programme)
    .field('Lot', `${names.bucket} — identifiant ${draw.bucket}`)
    .field('Démonstration', draw.demonstration ? 'oui (données fictives)' : 'non')
    .field('Spécification', `${record.spec} (docs/formats/draw-record.md)`)
    .field(
      'État',
      draw.status === 'published' ? `publié le ${when(draw.publishedAt!)}` : 'effectué, non publié',
    );

  pdf.heading('Étapes : qui, quand (journal d’audit)');
  pdf.table(
    ['Date', 'Étape', 'Par', 'Résultat'],
    steps.map((s) => [
      when(s.occurred_at),
      STEP_WORDS[s.action] ?? s.action,
      s.who,
      RESULT_WORDS[s.result] ?? s.result,
    ]),
    [110, 150, 180, 55],
  );

  pdf
    .heading('Engagement (publié avant le tour drand)')
    .field('Engagé le', when(commitment.committed_at))
    .field('Racine de Merkle des entrées', commitment.entries.root, { mono: true })
    .field('Nombre d’entrées', String(commitment.entries.count))
    .field('Choix au plus par entrée', String(commitment.entries.max_choices))
    .field(
      'Tour drand engagé',
      `${commitment.beacon.round} (chaîne quicknet ${commitment.beacon.chain_hash})`,
    )
    .field('Échéance de l’aléa', when(commitment.beacon.deadline))
    .field(
      'Secours',
      `témoins ${commitment.fallback.witnesses.map((w) => w.name).join(', ')} ; au moins ${commitment.fallback.min_reveals} révélation(s) avant le ${when(commitment.fallback.reveal_deadline)}`,
    )
    .field('Empreinte de l’engagement (SHA-256)', record.commitment_hash, { mono: true })
    .field('Clé de signature de l’engagement', committed.signatureKeyId, { mono: true });
  pdf.gap().field('Quotas', '');
  pdf.table(
    ['Lot', 'Événement', 'Places'],
    commitment.quotas.map((q) => [q.bucket, q.event, String(q.seats)]),
    [220, 200, 75],
  );

  pdf.heading('Aléa et graine');
  if (record.randomness.source === 'drand')
    pdf
      .field('Source', 'balise drand quicknet (signature BLS vérifiée hors ligne)')
      .field('Tour', String(record.randomness.round))
      .field('Signature du tour', record.randomness.signature, { mono: true });
  else
    pdf
      .field('Source', 'secours : révélations des témoins')
      .field('Révélations', record.randomness.reveals.map((r) => r ?? 'manquante').join(' ; '), {
        mono: true,
      });
  pdf.field('Aléa', record.randomness.value, { mono: true }).field('Graine', record.seed, { mono: true });

  pdf
    .heading('Résultats')
    .field('Entrées', String(record.entries.length))
    .field('Places demandées', String(seats))
    .field('Places au quota', String(quotaSeats))
    .field('Entrées retenues', String(selected))
    .field('Places attribuées', String(selectedSeats))
    .field('Liste de réserve', `${reserve} entrée(s)`)
    .field('Empreinte des résultats', record.results_hash, { mono: true })
    .field('SHA-256 du relevé', stored.recordSha256, { mono: true })
    .field('Clé de signature du relevé', stored.signatureKeyId, { mono: true })
    .field('Tiré le', when(stored.ranAt));

  checksSection(pdf, record.distribution_checks, operatorNames);

  pdf
    .heading('Comment vérifier')
    .paragraph(
      'Toute personne peut refaire le tirage à partir du relevé publié seul : télécharger le relevé, puis lancer le vérificateur, qui répond « conforme » ou nomme chaque différence.',
    )
    .paragraph(
      `curl -s <adresse de Gradins>/api/v1/public/draws/${draw.id}/record > releve.json\nnpx gradins draw verify releve.json`,
      { mono: true, size: 8 },
    )
    .paragraph(
      `L’empreinte SHA-256 des octets du relevé doit être ${stored.recordSha256} ; la signature se vérifie avec la clé « ${stored.signatureKeyId} » publiée dans /.well-known/gradins/keys.json.`,
    );
  return {
    pdf: await pdf.finish(`Gradins — rapport de contrôle du tirage ${draw.id} — établi le ${when(at)}`),
    drawId: draw.id,
  };
}

const KIND_WORDS = { person: 'personne', group: 'groupe (responsable)', carer_pair: 'binôme avec aidant' };

/** The manual attribution decision's control report: circumstances, criteria, every attribution citing it. */
export async function decisionControlReport(
  db: Db,
  decisionId: string,
  scope: DrawScope,
  at: Date,
): Promise<{ pdf: Buffer; decisionId: string; applicantIds: string[] }> {
  const decision = await decisionView(db, await decisionInScope(db, decisionId, scope));
  const names = await bucketNames(db, decision.programmeId, decision.operatorId);
  const users = new Map(
    (
      await selectRows<{ id: string; who: string }>(
        db,
        sql`select id::text as id, display_name || ' <' || email || '>' as who from users
            where id::text in (${sql.join(
              [decision.decidedBy, ...decision.attributions.map((a) => a.attributedBy)].map(
                (id) => sql`${id}`,
              ),
              sql`, `,
            )})`,
      )
    ).map((row) => [row.id, row.who]),
  );
  const steps = [...(await stepsOf(db, 'manual_attribution_decisions', decision.id))];
  for (const attribution of decision.attributions)
    steps.push(...(await stepsOf(db, 'manual_attributions', attribution.id)));
  steps.sort((a, b) => new Date(a.occurred_at).getTime() - new Date(b.occurred_at).getTime());

  const pdf = new ReportPdf('Rapport de contrôle interne — attribution manuelle', at);
  pdf
    .paragraph(
      'Programme « Tous aux Jeux » — attribution sans tirage au sort. Les circonstances qui rendent le tirage impossible et les critères d’attribution ont été consignés avant toute attribution ; chaque attribution cite cette décision et le critère appliqué (recommandation de l’Agence française anticorruption).',
    )
    .heading('Décision')
    .field('Identifiant', decision.id, { mono: true })
    .field('Programme', names.programme)
    .field('Lot', `${names.bucket} — identifiant ${decision.bucket}`)
    .field('Consignée par', users.get(decision.decidedBy) ?? decision.decidedBy)
    .field('Le', when(decision.decidedAt))
    .heading('Circonstances rendant le tirage au sort impossible')
    .paragraph(decision.circumstances)
    .heading('Critères d’attribution')
    .paragraph(decision.criteria);

  pdf.heading('Places prévues par événement');
  pdf.table(
    ['Événement', 'Places prévues', 'Places attribuées'],
    decision.quotas.map((q) => [q.event, String(q.seats), String(q.attributed)]),
    [245, 125, 125],
  );

  pdf.heading(`Attributions citant la décision (${decision.attributions.length})`);
  decision.attributions.forEach((a, index) => {
    pdf
      .gap()
      .field(`Attribution n° ${index + 1}`, when(a.attributedAt))
      .field('Bénéficiaire', `${a.holder} (référence ${a.entryRef})`)
      .field('Type', KIND_WORDS[a.kind])
      .field('Événement', a.event)
      .field('Places', String(a.seats))
      .field('Critère appliqué', a.criterion)
      .field('Par', users.get(a.attributedBy) ?? a.attributedBy);
  });
  pdf.gap();
  pdf.field(
    'Total',
    `${decision.attributions.length} attribution(s), ${decision.attributions.reduce((s, a) => s + a.seats, 0)} place(s)`,
  );

  pdf.heading('Étapes : qui, quand (journal d’audit)');
  pdf.table(
    ['Date', 'Étape', 'Par', 'Résultat'],
    steps.map((s) => [
      when(s.occurred_at),
      STEP_WORDS[s.action] ?? s.action,
      s.who,
      RESULT_WORDS[s.result] ?? s.result,
    ]),
    [110, 150, 180, 55],
  );
  pdf.paragraph(
    'Ce rapport contient des données personnelles (noms des bénéficiaires) : il est réservé au contrôle interne et sa consultation est tracée.',
  );
  return {
    pdf: await pdf.finish(
      `Gradins — rapport de contrôle de la décision ${decision.id} — établi le ${when(at)}`,
    ),
    decisionId: decision.id,
    applicantIds: decision.attributions.map((a) => a.applicantId),
  };
}
