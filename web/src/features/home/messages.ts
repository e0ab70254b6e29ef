import type { Dictionary } from '../../app/i18n';

interface Item {
  title: string;
  desc: string;
}

interface HomeMessages {
  pageTitle: string;
  lead: string;
  presentation: readonly string[];
  buildingTitle: string;
  building: string;
  promisesTitle: string;
  verifyDraws: string;
  promises: {
    free: Item;
    lottery: Item;
    noResale: Item;
    bans: Item;
  };
  forWhomTitle: string;
  publicsTitle: string;
  publicsIntro: string;
  publics: {
    youth: Item;
    volunteers: Item;
    disability: Item;
    agents: Item;
  };
  actorsTitle: string;
  actors: readonly Item[];
}

// French typography: a narrow no-break space (U+202F) before « ? », « ! » and « ; », a no-break space (U+00A0)
// before « : » and inside guillemets.
export const homeMessages: Dictionary<HomeMessages> = {
  fr: {
    pageTitle: 'Gradins',
    lead: 'Des billets gratuits et nominatifs pour assister aux grands événements sportifs, attribués équitablement par les programmes de l’État.',
    presentation: [
      'Gradins distribue les billets que des programmes de l’État offrent pour assister à des événements sportifs, sur le modèle de «\u00a0Tous aux Jeux\u00a0» pour les Jeux olympiques et paralympiques de Paris 2024.',
      'Les bénéficiaires sont désignés par tirage au sort, et chacun peut refaire le tirage à partir de ce qui est publié pour vérifier qu’il est juste.',
      'Chaque billet, gratuit et nominatif, est lié à son titulaire\u00a0: il ne peut être ni revendu ni cédé en dehors de la procédure officielle de réattribution.',
      'Les personnes visées par une interdiction de stade sont écartées dans le cadre fixé par la CNIL, sans que leurs données soient jamais montrées aux organismes qui distribuent les billets ni aux agents de contrôle.',
    ],
    buildingTitle: 'Service en construction',
    building:
      'Les candidatures ne sont pas encore ouvertes. Les programmes et leurs opérateurs vous informeront directement de l’ouverture des inscriptions.',
    verifyDraws: 'Voir les tirages publiés et les vérifier',
    promisesTitle: 'Ce que garantit Gradins',
    promises: {
      free: {
        title: 'Gratuit et nominatif',
        desc: 'Le billet est offert par l’État et porte le nom de son titulaire. Il est aussi disponible en version imprimable.',
      },
      lottery: {
        title: 'Un tirage au sort vérifiable',
        desc: 'Le résultat de chaque tirage est publié avec de quoi le refaire, pour que chacun puisse en contrôler l’équité.',
      },
      noResale: {
        title: 'Ni revente, ni cession',
        desc: 'Un billet ne change de titulaire que par la procédure officielle, et les copies sont détectées à l’entrée.',
      },
      bans: {
        title: 'Interdictions de stade',
        desc: 'Le contrôle suit l’autorisation unique AU-42 de la CNIL\u00a0: seules les personnes habilitées voient ces données.',
      },
    },
    forWhomTitle: 'Pour qui\u202f?',
    publicsTitle: 'Les publics bénéficiaires',
    publicsIntro:
      'Chaque programme de l’État s’adresse à l’un de ces publics, avec ses propres critères d’éligibilité.',
    publics: {
      youth: {
        title: 'Les jeunes et les scolaires',
        desc: 'Élèves et jeunes, le plus souvent en groupe avec leur enseignant ou leur encadrant.',
      },
      volunteers: {
        title: 'Les bénévoles du mouvement sportif',
        desc: 'Celles et ceux qui font vivre les clubs, les associations et les fédérations.',
      },
      disability: {
        title: 'Les personnes en situation de handicap et leurs accompagnants',
        desc: 'Avec des places adaptées, sans que les besoins de chacun soient rattachés à son nom.',
      },
      agents: {
        title: 'Les agents publics de catégories B et C',
        desc: 'Agents de l’État, des collectivités et des hôpitaux qui contribuent à l’organisation des événements.',
      },
    },
    actorsTitle: 'Les acteurs du dispositif',
    actors: [
      {
        title: 'Les administrateurs de programme',
        desc: 'répartissent les billets entre les programmes et les opérateurs, et récupèrent ceux qui ne sont pas attribués.',
      },
      {
        title: 'Les opérateurs',
        desc: '(ministères, fédérations, rectorats ou associations) inscrivent les candidats et organisent les tirages.',
      },
      {
        title: 'Les responsables de groupe',
        desc: '(enseignants, dirigeants de club ou d’association) reçoivent les billets d’un groupe et saisissent l’identité de ses participants.',
      },
      {
        title: 'Le contrôle interne',
        desc: 'vérifie les tirages, les attributions et les déclarations d’absence de conflit d’intérêts, et en rend compte.',
      },
    ],
  },
  en: {
    pageTitle: 'Gradins',
    lead: 'Free, nominative tickets to major sport events, fairly allocated by French State programmes.',
    presentation: [
      'Gradins hands out the tickets that French State programmes offer to sport events, following the model of “Tous aux Jeux” for the Paris 2024 Olympic and Paralympic Games.',
      'Beneficiaries are chosen by lottery, and anyone can re-run the draw from what is published to check that it was fair.',
      'Every ticket is free, nominative and bound to its holder: it cannot be resold or transferred outside the official reassignment procedure.',
      'People under a stadium ban are kept out under the rules set by the CNIL, the French data-protection authority, without their data ever being shown to the bodies that hand out tickets or to gate staff.',
    ],
    buildingTitle: 'Service under construction',
    building:
      'Applications are not open yet. Programmes and their operators will tell you directly when registration opens.',
    verifyDraws: 'See the published draws and verify them',
    promisesTitle: 'What Gradins guarantees',
    promises: {
      free: {
        title: 'Free and nominative',
        desc: 'The ticket is offered by the State and bears its holder’s name. A printable version is also available.',
      },
      lottery: {
        title: 'A lottery anyone can verify',
        desc: 'Each draw is published with what is needed to re-run it, so anyone can check that it was fair.',
      },
      noResale: {
        title: 'No resale, no transfer',
        desc: 'A ticket changes holder only through the official procedure, and copies are detected at the gate.',
      },
      bans: {
        title: 'Stadium bans',
        desc: 'Screening follows the CNIL single authorisation AU-42: only authorised staff see this data.',
      },
    },
    forWhomTitle: 'Who is it for?',
    publicsTitle: 'Beneficiaries',
    publicsIntro:
      'Each State programme is meant for one of these publics, with its own eligibility criteria.',
    publics: {
      youth: {
        title: 'Young people and pupils',
        desc: 'Pupils and young people, most often in a group with their teacher or youth leader.',
      },
      volunteers: {
        title: 'Sports-movement volunteers',
        desc: 'The people who keep clubs, associations and federations going.',
      },
      disability: {
        title: 'People with disabilities and their carers',
        desc: 'With suitable seating, without anyone’s needs being tied to their name.',
      },
      agents: {
        title: 'Category B and C public agents',
        desc: 'Staff of the State, local authorities and hospitals who help run the events.',
      },
    },
    actorsTitle: 'Who runs it',
    actors: [
      {
        title: 'Programme administrators',
        desc: 'split the tickets between programmes and operators, and take back those not assigned in time.',
      },
      {
        title: 'Operators',
        desc: '(ministries, federations, education authorities or associations) register applicants and run the draws.',
      },
      {
        title: 'Group managers',
        desc: '(teachers, club or association leaders) receive a group’s tickets and enter its participants’ identities.',
      },
      {
        title: 'Internal control',
        desc: 'reviews draws, allocations and conflict-of-interest declarations, and reports on them.',
      },
    ],
  },
};
