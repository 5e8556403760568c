/**
 * The running call: the remote people (one large, or a grid for a group),
 * my own picture in a corner, the call time, the link quality, and the
 * controls. While it connects the people still show, with "Connecting…".
 */
import type { CallSnapshot } from '../../../peers/calls/api';
import { useNow } from '../../components/useNow';
import { t } from '../../i18n';
import { elapsedSeconds, formatDuration, present, worstQuality } from '../models/callsFormat';
import { personOf } from '../../chat/screens/person';
import { MinimizeIcon } from './CallIcons';
import { CallControls } from './CallControls';
import { QualityBars } from './QualityBars';
import { SelfView } from './SelfView';
import { Tile } from './Tile';

/** The call time is shown to the second. */
const DURATION_TICK_MS = 1_000;

/** `3:07` since the first person connected; "Connecting…" before. */
export function Duration({ startedAt }: { startedAt: number | null }) {
  const now = useNow(DURATION_TICK_MS, startedAt !== null);
  if (startedAt === null) return <span class="call-top__status">{t('calls.connecting')}</span>;
  const text = formatDuration(elapsedSeconds(startedAt, now));
  return (
    <span
      class="call-top__status"
      role="timer"
      data-testid="call-duration"
      aria-label={t('calls.duration', { time: text })}
    >
      {text}
    </span>
  );
}

export function InCall(props: {
  snapshot: CallSnapshot;
  onMinimize: () => void;
  onAdd: () => void;
}) {
  const { snapshot: s, onMinimize, onAdd } = props;
  const people = present(s.participants);
  const group = s.group || people.length > 1;
  const quality = group ? null : worstQuality(people);
  return (
    <div class="call-stage" data-testid="call-stage">
      <header class="call-top">
        <div class="call-top__who">
          <h2 id="call-title" class="call-top__title" tabIndex={-1}>
            {people.map((p) => personOf(p.peer).title).join(', ')}
          </h2>
          <Duration startedAt={s.startedAt} />
          {quality && <QualityBars quality={quality} testId="call-quality" />}
        </div>
        <button
          type="button"
          class="call-control call-control--small"
          data-testid="call-minimize"
          aria-label={t('calls.minimize')}
          title={t('calls.minimize')}
          onClick={onMinimize}
        >
          <MinimizeIcon />
        </button>
      </header>
      <div class="call-main">
        <ul class="call-grid" data-count={people.length} aria-labelledby="call-title">
          {people.map((p) => (
            <Tile key={p.peer} participant={p} showQuality={group} />
          ))}
        </ul>
        <SelfView snapshot={s} />
      </div>
      <CallControls snapshot={s} onAdd={onAdd} />
    </div>
  );
}
