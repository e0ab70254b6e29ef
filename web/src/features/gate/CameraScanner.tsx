import { Button } from '@codegouvfr/react-dsfr/Button';
import { QRCanvas, frameLoop, rearCamera, type QRCamera } from 'qr/dom.js';
import { useEffect, useRef, useState } from 'react';
import { useMessages, type Dictionary } from '../../app/i18n';

const messages: Dictionary<{ start: string; stop: string; denied: string; hint: string; video: string }> = {
  fr: {
    start: 'Scanner avec la caméra',
    stop: 'Arrêter la caméra',
    denied:
      'La caméra n’est pas disponible (refusée ou absente) : saisissez le code du billet dans le champ ci-dessous.',
    hint: 'Présentez le QR code du billet devant la caméra.',
    video: 'Image de la caméra',
  },
  en: {
    start: 'Scan with the camera',
    stop: 'Stop the camera',
    denied: 'The camera is not available (refused or missing): type the ticket’s code in the field below.',
    hint: 'Hold the ticket’s QR code in front of the camera.',
    video: 'Camera picture',
  },
};

/** The same code read twice in a row within this delay is one scan (a QR stays in front of the camera). */
const REPEAT_MS = 4000;

/**
 * Camera scanning with the `qr` decoder (paulmillr/qr, `qr/dom.js`): frames of the rear camera are decoded in
 * the page; each new text read goes to `onCode`. Nothing leaves the device.
 */
export function CameraScanner({ onCode }: { onCode: (text: string) => void }) {
  const t = useMessages(messages);
  const video = useRef<HTMLVideoElement>(null);
  const [running, setRunning] = useState(false);
  const [failed, setFailed] = useState(false);
  const callback = useRef(onCode);
  callback.current = onCode;

  useEffect(() => {
    if (!running || !video.current) return;
    let camera: QRCamera | undefined;
    let cancel: (() => void) | undefined;
    let stopped = false;
    let last = { text: '', at: 0 };
    const canvas = new QRCanvas();
    void rearCamera(video.current)
      .then((opened) => {
        camera = opened;
        if (stopped) return opened.stop();
        let reading = false;
        cancel = frameLoop(() => {
          if (reading || !camera) return;
          reading = true;
          void camera
            .readFrame(canvas)
            .then((result) => {
              const first = Array.isArray(result) ? result[0] : result;
              const text = typeof first === 'string' ? first : undefined;
              const now = Date.now();
              if (text && (text !== last.text || now - last.at > REPEAT_MS)) {
                last = { text, at: now };
                callback.current(text);
              }
            })
            .catch(() => undefined)
            .finally(() => {
              reading = false;
            });
        }, video.current ?? undefined);
      })
      .catch(() => {
        setFailed(true);
        setRunning(false);
      });
    return () => {
      stopped = true;
      cancel?.();
      camera?.stop();
    };
  }, [running]);

  return (
    <div className="fr-mb-3w">
      <Button
        type="button"
        priority="secondary"
        iconId={running ? 'fr-icon-close-line' : 'fr-icon-camera-line'}
        onClick={() => {
          setFailed(false);
          setRunning(!running);
        }}
      >
        {running ? t.stop : t.start}
      </Button>
      {failed && <p className="fr-error-text">{t.denied}</p>}
      <div hidden={!running} className="fr-mt-2w">
        <p className="fr-hint-text">{t.hint}</p>
        <video ref={video} aria-label={t.video} muted playsInline className="gradins-gate-camera" />
      </div>
    </div>
  );
}
