/**
 * Who will see a moment: all friends, friends with chosen labels, chosen friends, or all friends
 * but some, with a sentence that says who that is before posting.
 */
import type { PeerId } from '../../../lib/ids';
import type { Audience } from '../../../peers/moments/api';
import { t, type MessageKey } from '../../i18n';
import { labelsOf, summaryOf, toggled, type AudienceFriend } from '../models/audience';

interface Props {
  audience: Audience;
  friends: readonly AudienceFriend[];
  onChange: (audience: Audience) => void;
}

const KINDS: readonly { kind: Audience['kind']; label: MessageKey }[] = [
  { kind: 'all', label: 'moments.audienceAll' },
  { kind: 'labels', label: 'moments.audienceLabels' },
  { kind: 'friends', label: 'moments.audienceFriends' },
  { kind: 'except', label: 'moments.audienceExcept' },
];

function fresh(kind: Audience['kind']): Audience {
  if (kind === 'all') return { kind };
  if (kind === 'labels') return { kind, labels: [] };
  return { kind, friends: [] };
}

function FriendChecks(props: {
  friends: readonly AudienceFriend[];
  chosen: readonly PeerId[];
  legend: string;
  onToggle: (id: PeerId) => void;
}) {
  return (
    <fieldset class="moment-choice moment-choice--nested">
      <legend class="visually-hidden">{props.legend}</legend>
      {props.friends.map((f) => (
        <label key={f.id} class="moment-choice__option">
          <input
            type="checkbox"
            data-testid="moment-audience-friend"
            data-peer={f.id}
            checked={props.chosen.includes(f.id)}
            onChange={() => props.onToggle(f.id)}
          />
          <span dir="auto">{f.title}</span>
        </label>
      ))}
    </fieldset>
  );
}

export function AudiencePicker({ audience, friends, onChange }: Props) {
  const summary = summaryOf(audience, friends);
  const labels = labelsOf(friends);
  return (
    <section class="card">
      <fieldset class="moment-choice">
        <legend class="card__title">{t('moments.audienceTitle')}</legend>
        {KINDS.map(({ kind, label }) => (
          <label key={kind} class="moment-choice__option">
            <input
              type="radio"
              name="moment-audience"
              data-testid={`moment-audience-${kind}`}
              checked={audience.kind === kind}
              disabled={kind === 'labels' && labels.length === 0}
              onChange={() => onChange(fresh(kind))}
            />
            {t(label)}
          </label>
        ))}
      </fieldset>
      {audience.kind === 'labels' && (
        <fieldset class="moment-choice moment-choice--nested">
          <legend class="visually-hidden">{t('moments.audienceLabels')}</legend>
          {labels.map((l) => (
            <label key={l} class="moment-choice__option">
              <input
                type="checkbox"
                data-testid="moment-audience-label"
                checked={audience.labels.includes(l)}
                onChange={() => onChange({ kind: 'labels', labels: toggled(audience.labels, l) })}
              />
              <span dir="auto">{l}</span>
            </label>
          ))}
        </fieldset>
      )}
      {(audience.kind === 'friends' || audience.kind === 'except') && (
        <FriendChecks
          friends={friends}
          chosen={audience.friends}
          legend={t(
            audience.kind === 'friends' ? 'moments.audienceFriends' : 'moments.audienceExcept',
          )}
          onToggle={(id) =>
            onChange({ kind: audience.kind, friends: toggled(audience.friends, id) })
          }
        />
      )}
      <p class="moment-audience__summary" data-testid="moment-audience-summary" aria-live="polite">
        {t(summary.key, summary.params)}
      </p>
    </section>
  );
}
