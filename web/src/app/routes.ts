import type { ComponentType } from 'react';
import { AccessibilityPage } from '../features/accessibility/AccessibilityPage';
import { AccountPage } from '../features/accounts/AccountPage';
import { InvitationPage } from '../features/accounts/InvitationPage';
import { LoginPage } from '../features/accounts/LoginPage';
import { ReviewsPage } from '../features/accounts/ReviewsPage';
import { SecondFactorPage } from '../features/accounts/SecondFactorPage';
import { SetupPage } from '../features/accounts/SetupPage';
import { UsersAdminPage } from '../features/accounts/UsersAdminPage';
import { AuditLogPage } from '../features/audit/AuditLogPage';
import { BanDetailPage } from '../features/bans/BanDetailPage';
import { BanImportPage } from '../features/bans/BanImportPage';
import { BanPurgesPage } from '../features/bans/BanPurgesPage';
import { BansPage } from '../features/bans/BansPage';
import { NewBanPage } from '../features/bans/NewBanPage';
import { RightsRequestsPage } from '../features/bans/RightsRequestsPage';
import { ScreeningCasesPage } from '../features/bans/ScreeningCasesPage';
import { DevMailPage } from '../features/dev/DevMailPage';
import { DrawPage } from '../features/draws/DrawPage';
import { DrawsPage } from '../features/draws/DrawsPage';
import { PublicDrawPage } from '../features/draws/PublicDrawPage';
import { PublicDrawsPage } from '../features/draws/PublicDrawsPage';
import { GatePage } from '../features/gate/GatePage';
import { HomePage } from '../features/home/HomePage';
import { ApplicantDetailPage } from '../features/applicants/ApplicantDetailPage';
import { ApplicationPage } from '../features/applicants/ApplicationPage';
import { ConfirmApplicationPage } from '../features/applicants/ConfirmApplicationPage';
import { FindMyApplicationPage } from '../features/applicants/FindMyApplicationPage';
import { GroupApplicationPage } from '../features/applicants/GroupApplicationPage';
import { MyApplicationPage } from '../features/applicants/MyApplicationPage';
import { OperatorApplicantsPage } from '../features/applicants/OperatorApplicantsPage';
import { ProgrammesToApplyPage } from '../features/applicants/ProgrammesToApplyPage';
import { AllocationPage } from '../features/stock/AllocationPage';
import { EventsPage } from '../features/stock/EventsPage';
import { OperatorStockPage } from '../features/stock/OperatorStockPage';
import { ProgrammesPage } from '../features/stock/ProgrammesPage';
import { StockDashboardPage } from '../features/stock/StockDashboardPage';
import { TicketLinkPage } from '../features/tickets/TicketLinkPage';
import { TicketSummaryPage } from '../features/tickets/TicketSummaryPage';
import type { PageAccess } from './access';
import type { Dictionary } from './i18n';

export interface PageRoute {
  id: string;
  /** Path without the language prefix; '' is the home page. The English page is served under /en/<path>. */
  path: string;
  Page: ComponentType;
  /**
   * Default deny: a page that is not 'public' is for signed-in users ('signed-in') or lists the roles allowed
   * to open it. The server checks every API call again: this only decides what the interface shows.
   */
  access: PageAccess;
  /** Label in the main navigation, for pages that have an entry there. */
  nav?: Dictionary<string>;
}

/** Every page of the application. Features add their pages here, with the roles allowed to see them. */
export const pageRoutes: readonly PageRoute[] = [
  { id: 'home', path: '', Page: HomePage, access: 'public', nav: { fr: 'Accueil', en: 'Home' } },
  { id: 'accessibility', path: 'accessibilite', Page: AccessibilityPage, access: 'public' },
  { id: 'login', path: 'connexion', Page: LoginPage, access: 'public' },
  {
    id: 'second-factor',
    path: 'connexion/double-authentification',
    Page: SecondFactorPage,
    access: 'public',
  },
  { id: 'setup', path: 'installation/:token', Page: SetupPage, access: 'public' },
  { id: 'invitation', path: 'invitation/:token', Page: InvitationPage, access: 'public' },
  { id: 'ticket-link', path: 'billets/:token', Page: TicketLinkPage, access: 'public' },
  {
    id: 'account',
    path: 'mon-compte',
    Page: AccountPage,
    access: 'signed-in',
    nav: { fr: 'Mon compte', en: 'My account' },
  },
  {
    id: 'gate',
    path: 'controle-des-billets',
    Page: GatePage,
    access: ['gate_agent'],
    nav: { fr: 'Contrôle des billets', en: 'Ticket control' },
  },
  {
    id: 'stock-dashboard',
    path: 'programmes/tableau-de-bord',
    Page: StockDashboardPage,
    access: ['programme_admin', 'controller'],
    nav: { fr: 'Tableau de bord', en: 'Dashboard' },
  },
  {
    id: 'allocation',
    path: 'programmes/repartition',
    Page: AllocationPage,
    access: ['programme_admin'],
    nav: { fr: 'Répartition', en: 'Allocation' },
  },
  {
    id: 'programmes',
    path: 'programmes',
    Page: ProgrammesPage,
    access: ['programme_admin', 'controller'],
    nav: { fr: 'Programmes', en: 'Programmes' },
  },
  {
    id: 'events',
    path: 'programmes/evenements',
    Page: EventsPage,
    access: ['programme_admin'],
    nav: { fr: 'Événements', en: 'Events' },
  },
  {
    id: 'operator-stock',
    path: 'operateur/billets',
    Page: OperatorStockPage,
    access: ['operator'],
    nav: { fr: 'Mes billets', en: 'My tickets' },
  },
  {
    id: 'operator-ticket-summary',
    path: 'operateur/billets-par-evenement',
    Page: TicketSummaryPage,
    access: ['operator'],
    nav: { fr: 'Billets par événement', en: 'Tickets per event' },
  },
  {
    id: 'operator-applicants',
    path: 'operateur/candidats',
    Page: OperatorApplicantsPage,
    access: ['operator'],
    nav: { fr: 'Candidats', en: 'Applicants' },
  },
  {
    id: 'operator-applicant',
    path: 'operateur/candidats/:applicantId',
    Page: ApplicantDetailPage,
    access: ['operator'],
  },
  {
    id: 'programmes-to-apply',
    path: 'candidater',
    Page: ProgrammesToApplyPage,
    access: 'public',
    nav: { fr: 'Candidater', en: 'Apply' },
  },
  { id: 'apply', path: 'candidater/:programmeId', Page: ApplicationPage, access: 'public' },
  { id: 'apply-group', path: 'candidater/:programmeId/groupe', Page: GroupApplicationPage, access: 'public' },
  {
    id: 'confirm-application',
    path: 'confirmer-candidature/:token',
    Page: ConfirmApplicationPage,
    access: 'public',
  },
  { id: 'find-my-application', path: 'ma-candidature', Page: FindMyApplicationPage, access: 'public' },
  { id: 'my-application', path: 'ma-candidature/:token', Page: MyApplicationPage, access: 'public' },
  {
    id: 'draws',
    path: 'gestion-des-tirages',
    Page: DrawsPage,
    // The server lets in an operator grant marked "runs draws" (second factor) and the programme administrator.
    access: ['operator', 'programme_admin'],
    nav: { fr: 'Gestion des tirages', en: 'Draw management' },
  },
  {
    id: 'draw',
    path: 'gestion-des-tirages/:drawId',
    Page: DrawPage,
    access: ['operator', 'programme_admin'],
  },
  {
    id: 'public-draws',
    path: 'tirages',
    Page: PublicDrawsPage,
    access: 'public',
    nav: { fr: 'Vérifier un tirage', en: 'Verify a draw' },
  },
  { id: 'public-draw', path: 'tirages/:drawId', Page: PublicDrawPage, access: 'public' },
  {
    id: 'users',
    path: 'administration/utilisateurs',
    Page: UsersAdminPage,
    access: ['sysadmin'],
    nav: { fr: 'Utilisateurs', en: 'Users' },
  },
  {
    id: 'habilitation-review',
    path: 'administration/habilitations',
    Page: ReviewsPage,
    access: ['controller', 'sysadmin'],
    nav: { fr: 'Revue des habilitations', en: 'Authorisation review' },
  },
  {
    id: 'audit-log',
    path: 'controle/journal',
    Page: AuditLogPage,
    access: ['controller'],
    nav: { fr: 'Journal d’audit', en: 'Audit log' },
  },
  // The stadium-ban registry (issue [H]): ban officers only; the server opens each route to a ban_officer grant
  // scoped to the organiser (docs/api/bans.md). One entry in the main navigation, the others linked from it.
  {
    id: 'bans',
    path: 'interdictions',
    Page: BansPage,
    access: ['ban_officer'],
    nav: { fr: 'Interdictions de stade', en: 'Stadium bans' },
  },
  { id: 'ban-new', path: 'interdictions/nouvelle', Page: NewBanPage, access: ['ban_officer'] },
  { id: 'ban-import', path: 'interdictions/import', Page: BanImportPage, access: ['ban_officer'] },
  {
    id: 'ban-screening-cases',
    path: 'interdictions/verifications',
    Page: ScreeningCasesPage,
    access: ['ban_officer'],
  },
  { id: 'ban-rights', path: 'interdictions/droits', Page: RightsRequestsPage, access: ['ban_officer'] },
  { id: 'ban-purges', path: 'interdictions/effacements', Page: BanPurgesPage, access: ['ban_officer'] },
  { id: 'ban', path: 'interdictions/:banId', Page: BanDetailPage, access: ['ban_officer'] },
  // Development only: the server answers 404 on /api/v1/dev/mail in production or with SMTP configured.
  { id: 'dev-mail', path: 'dev/courriels', Page: DevMailPage, access: 'public' },
];
