/**
 * Choose friends to call: several for a group call (mode 'start', up to
 * MAX_CALLEES online friends, then voice or video), or one more person for
 * the running call (mode 'add'). Only friends with a live session are listed:
 * nobody else can be rung.
 */
import { useState } from 'preact/hooks';
import type { PeerId } from '../../../lib/ids';
import { Avatar } from '../../components/Avatar';
import { MenuSheet } from '../../components/MenuSheet';
import { t } from '../../i18n';
import { callSnapshot } from '../models/callState';
import { present } from '../models/callsFormat';
import { invite, MAX_CALLEES, onlineFriends, startCall } from '../models/callsModel';
import { PhoneIcon, VideoIcon } from './CallIcons';
import '../calls.css';

export function CallPicker({ mode, onClose }: { mode: 'start' | 'add'; onClose: () => void }) {
  const [chosen, setChosen] = useState<readonly PeerId[]>([]);
  const inCall = mode === 'add' ? present(callSnapshot.value?.participants ?? []) : [];
  const friends = onlineFriends(new Set(inCall.map((p) => p.peer)));
  const room = MAX_CALLEES - inCall.length;
  const title = mode === 'add' ? t('calls.addTitle') : t('calls.pickTitle');

  const toggle = (peer: PeerId, on: boolean) =>
    setChosen(on ? [...chosen, peer].slice(0, room) : chosen.filter((p) => p !== peer));
  const start = (media: 'audio' | 'video') => {
    const peers = chosen.filter((p) => friends.some((f) => f.id === p));
    onClose();
    void startCall(peers, media);
  };

  return (
    <MenuSheet open label={title} onClose={onClose} testId="call-picker">
      <h2 class="call-pick__title">{title}</h2>
      {friends.length === 0 ? (
        <p class="call-pick__hint">{t('calls.noneOnline')}</p>
      ) : mode === 'start' ? (
        <>
          <p class="call-pick__hint" id="call-pick-hint">
            {t('calls.pickHint', { max: room })}
          </p>
          <ul class="call-pick__list" aria-describedby="call-pick-hint">
            {friends.map((f) => {
              const on = chosen.includes(f.id);
              return (
                <li key={f.id}>
                  <label class="call-pick__row" data-testid="call-pick-friend" data-peer={f.id}>
                    <input
                      type="checkbox"
                      checked={on}
                      disabled={!on && chosen.length >= room}
                      onChange={(event) => toggle(f.id, event.currentTarget.checked)}
                    />
                    <Avatar name={f.title} src={f.avatar} seed={f.id} />
                    <span class="call-pick__name">{f.title}</span>
                  </label>
                </li>
              );
            })}
          </ul>
          <div class="call-pick__actions">
            <button
              type="button"
              class="button button--secondary"
              data-testid="call-pick-voice"
              disabled={chosen.length === 0}
              onClick={() => start('audio')}
            >
              <PhoneIcon width="20" height="20" />
              {t('calls.voice')}
            </button>
            <button
              type="button"
              class="button button--primary"
              data-testid="call-pick-video"
              disabled={chosen.length === 0}
              onClick={() => start('video')}
            >
              <VideoIcon width="20" height="20" />
              {t('calls.video')}
            </button>
          </div>
        </>
      ) : (
        <ul class="call-pick__list">
          {friends.map((f) => (
            <li key={f.id} class="call-pick__row" data-testid="call-pick-friend" data-peer={f.id}>
              <Avatar name={f.title} src={f.avatar} seed={f.id} />
              <span class="call-pick__name">{f.title}</span>
              <button
                type="button"
                class="button button--primary"
                data-testid="call-pick-add"
                disabled={room <= 0}
                onClick={() => {
                  onClose();
                  void invite(f.id);
                }}
              >
                {t('calls.add')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" class="button button--text call-pick__cancel" onClick={onClose}>
        {t('dialog.cancel')}
      </button>
    </MenuSheet>
  );
}
