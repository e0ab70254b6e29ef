import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiProblem, api, asProblem } from '../../app/api';
import { useLang, useMessages } from '../../app/i18n';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import { formatParisDateTime } from '../stock/labels';
import {
  GATE_REASONS,
  gateDecision,
  holderCheckText,
  type FirstEntry,
} from '../../../../src/modules/tickets/domain/gate';
import type { HolderCheck } from '../../../../src/modules/tickets/domain/holder-check';
import { CameraScanner } from './CameraScanner';
import type { CheckInResult, DoubleEntry, GateEvent, GatePack, GateReason, SyncResult } from './contracts';
import {
  addLocalEntry,
  addReportedDoubles,
  deviceId,
  gateLists,
  queuedScans,
  reportedDoubles,
  saveEvent,
  saveGateName,
  savePack,
  saveQueue,
  savedEvent,
  savedGateName,
  savedPack,
  type QueuedScan,
} from './gate-store';
import { gateMessages } from './messages';
import './gate.css';

interface Verdict {
  accepted: boolean;
  reason: GateReason | null;
  holder: HolderCheck | null;
  firstEntry: FirstEntry | null;
  mode: 'online' | 'offline';
  /** Each verdict is new, even for the same answer twice: screen readers announce it again. */
  serial: number;
}

/** While offline with scans to send, how often the page tries again (on top of the browser's `online` event). */
const RETRY_MS = 10_000;

/**
 * The gate scanner (issue [G], TAJ-18): the agent chooses the event, scans with the camera or types the code;
 * online, the server checks the code and admits it once; offline, the page decides with the cached keys and
 * lists, queues the entry and sends it when the network returns, showing any double entry the server found.
 */
export function GatePage() {
  const lang = useLang();
  const t = useMessages(gateMessages);
  usePageTitle(t.pageTitle);
  const [events, setEvents] = useState<GateEvent[] | undefined>(undefined);
  const [eventId, setEventId] = useState(savedEvent() ?? '');
  const [pack, setPack] = useState<GatePack | null>(null);
  const [gateName, setGateName] = useState(savedGateName());
  const [online, setOnline] = useState(navigator.onLine);
  const [queue, setQueue] = useState<QueuedScan[]>([]);
  const [doubles, setDoubles] = useState<DoubleEntry[]>([]);
  const [verdict, setVerdict] = useState<Verdict | undefined>(undefined);
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const codeField = useRef<HTMLInputElement>(null);
  const serial = useRef(0);

  useEffect(() => {
    api<GateEvent[]>('GET', '/api/v1/gate/events')
      .then((list) => {
        setEvents(list);
        if (list.length === 1) setEventId(list[0]!.eventId);
        else if (!list.some((event) => event.eventId === savedEvent())) setEventId('');
      })
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, []);

  const refreshPack = useCallback(async (id: string) => {
    try {
      const fresh = await api<GatePack>('GET', `/api/v1/events/${id}/gate/pack`);
      savePack(fresh);
      setPack(fresh);
    } catch {
      // Offline or refused: the page keeps the pack it has.
    }
  }, []);

  const sync = useCallback(async () => {
    if (!eventId) return;
    const pending = queuedScans(eventId);
    if (pending.length === 0) return;
    try {
      const result = await api<SyncResult>('POST', `/api/v1/events/${eventId}/gate/sync`, {
        deviceId: deviceId(),
        scans: pending,
      });
      const sent = new Set(pending.map((scan) => `${scan.ticketId}/${scan.scannedAt}`));
      const left = queuedScans(eventId).filter((scan) => !sent.has(`${scan.ticketId}/${scan.scannedAt}`));
      saveQueue(eventId, left);
      setQueue(left);
      addReportedDoubles(eventId, result.doubleEntries);
      setDoubles(reportedDoubles(eventId));
      await refreshPack(eventId);
    } catch {
      // Still offline: the next `online` event or the next retry sends them.
    }
  }, [eventId, refreshPack]);

  useEffect(() => {
    if (!eventId) return;
    saveEvent(eventId);
    setPack(savedPack(eventId));
    setQueue(queuedScans(eventId));
    setDoubles(reportedDoubles(eventId));
    setVerdict(undefined);
    void refreshPack(eventId).then(sync);
  }, [eventId, refreshPack, sync]);

  useEffect(() => {
    const up = () => {
      setOnline(true);
      void sync();
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    const timer = window.setInterval(() => {
      if (navigator.onLine) void sync();
    }, RETRY_MS);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      window.clearInterval(timer);
    };
  }, [sync]);

  const show = (answer: Omit<Verdict, 'serial'>) => {
    serial.current += 1;
    setVerdict({ ...answer, serial: serial.current });
  };

  const check = async (text: string) => {
    if (!eventId) return;
    setProblem(undefined);
    const scanned = text.trim();
    const gateId = gateName.trim() || savedGateName();
    if (navigator.onLine) {
      try {
        const result = await api<CheckInResult>('POST', `/api/v1/events/${eventId}/gate/check-ins`, {
          code: scanned,
          gateId,
          deviceId: deviceId(),
        });
        if (result.accepted && result.ticketId)
          addLocalEntry(eventId, result.ticketId, { at: result.checkedAt, gateId });
        show({ ...result, mode: 'online' });
        return;
      } catch (error) {
        const failure = asProblem(error);
        // The network dropped without the browser noticing yet: decide offline. Any other problem is shown.
        if (failure.code !== 'network') {
          setProblem(failure);
          return;
        }
      }
    }
    if (!pack) {
      setProblem(
        new ApiProblem({
          type: 'urn:gradins:problem:gate-no-pack',
          status: 0,
          title: t.noPackTitle,
          detail: t.noPack,
        }),
      );
      return;
    }
    const now = new Date();
    const decision = gateDecision(scanned, gateLists(pack), now);
    if (decision.accepted) {
      const scan = {
        ticketId: decision.ticket.ticketId,
        code: scanned,
        scannedAt: now.toISOString(),
        gateId,
      };
      addLocalEntry(eventId, scan.ticketId, { at: scan.scannedAt, gateId });
      const next = [...queuedScans(eventId), scan];
      saveQueue(eventId, next);
      setQueue(next);
    }
    show({
      accepted: decision.accepted,
      reason: decision.accepted ? null : decision.reason,
      holder: decision.ticket?.holder ?? null,
      firstEntry: (!decision.accepted && decision.firstEntry) || null,
      mode: 'offline',
    });
  };

  const submit = async (submitted: FormEvent) => {
    submitted.preventDefault();
    setBusy(true);
    try {
      await check(code);
      setCode('');
    } finally {
      setBusy(false);
      codeField.current?.focus();
    }
  };

  const eventLabel = (event: GateEvent) =>
    `${event.code} — ${event.sport}, ${event.venue}, ${formatParisDateTime(lang, event.startsAt)}`;

  return (
    <div className="fr-container fr-py-6w">
      <h1>{t.pageTitle}</h1>
      <p>{t.lead}</p>
      <ProblemAlert problem={problem} />
      {events !== undefined && events.length === 0 && <p>{t.noEvent}</p>}
      {events !== undefined && events.length > 0 && (
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-8">
            <Select
              label={t.event}
              nativeSelectProps={{
                name: 'event',
                value: eventId,
                onChange: (change) => setEventId(change.target.value),
              }}
            >
              <option value="" disabled>
                {t.choose}
              </option>
              {events.map((event) => (
                <option key={event.eventId} value={event.eventId}>
                  {eventLabel(event)}
                </option>
              ))}
            </Select>
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Input
              label={t.gate}
              hintText={t.gateHint}
              nativeInputProps={{
                name: 'gate',
                value: gateName,
                maxLength: 64,
                onChange: (change) => {
                  setGateName(change.target.value);
                  if (change.target.value.trim()) saveGateName(change.target.value.trim());
                },
              }}
            />
          </div>
        </div>
      )}

      {eventId && (
        <>
          {/* No icons in what may change offline: an icon not yet loaded could not be fetched any more. */}
          <p className="fr-mb-3w">
            {online ? <Badge as="span">{t.online}</Badge> : <Badge as="span">{t.offline}</Badge>}{' '}
            {pack ? t.lists(formatParisDateTime(lang, pack.generatedAt), pack.ended.length) : t.noPack}{' '}
            {queue.length > 0 && <strong>{t.queued(queue.length)}</strong>}
          </p>

          <div role="status" aria-live="assertive" aria-atomic="true">
            {verdict && <VerdictPanel key={verdict.serial} verdict={verdict} />}
          </div>

          <CameraScanner onCode={(text) => void check(text)} />

          <form onSubmit={(submitted) => void submit(submitted)} className="fr-mb-6w">
            <Input
              label={t.code}
              hintText={t.codeHint}
              nativeInputProps={{
                ref: codeField,
                name: 'code',
                value: code,
                autoComplete: 'off',
                spellCheck: false,
                required: true,
                onChange: (change) => setCode(change.target.value),
              }}
            />
            <Button type="submit" disabled={busy}>
              {t.check}
            </Button>
          </form>

          <h2>{t.doublesTitle}</h2>
          {doubles.length === 0 ? (
            <p>{t.noDoubles}</p>
          ) : (
            <ul>
              {doubles.map((entry) => (
                <li key={entry.id}>
                  {entry.kind === 'double_entry'
                    ? t.double(
                        entry.ticketId,
                        formatParisDateTime(lang, entry.scannedAt),
                        entry.gateId,
                        entry.firstEntry
                          ? `${formatParisDateTime(lang, entry.firstEntry.at)}, ${entry.firstEntry.gateId}`
                          : '',
                      )
                    : t.afterEnd(entry.ticketId, formatParisDateTime(lang, entry.scannedAt), entry.gateId)}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

function VerdictPanel({ verdict }: { verdict: Verdict }) {
  const lang = useLang();
  const t = useMessages(gateMessages);
  return (
    <div
      className={`gradins-gate-verdict ${verdict.accepted ? 'gradins-gate-accepted' : 'gradins-gate-refused'}`}
    >
      <p className="gradins-gate-verdict-title">
        {verdict.accepted ? t.accepted : t.refused(GATE_REASONS[verdict.reason!][lang])}
      </p>
      {verdict.firstEntry && (
        <p>{t.firstEntry(formatParisDateTime(lang, verdict.firstEntry.at), verdict.firstEntry.gateId)}</p>
      )}
      {verdict.holder && (
        <>
          <p>{t.compare}</p>
          <p className="gradins-gate-holder">{holderCheckText(verdict.holder)}</p>
        </>
      )}
      {verdict.mode === 'offline' && <p>{t.decidedOffline}</p>}
    </div>
  );
}
