/**
 * Storage: the auto-download limit, the space Plume's files use
 * (in total, per chat, and what the browser reports for this device), and
 * "Free space" per chat: the downloaded and sent files of that chat are
 * deleted, the messages stay. A lazy chunk, opened from Me.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { ConversationId } from '../../../lib/ids';
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';
import type { ConvUsage } from '../../../peers/files/api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Screen } from '../../components/Screen';
import { language, loadStrings, t } from '../../i18n';
import { chatList } from '../../chat/models/chats';
import { fileEngine, notify } from '../models/files';
import { formatBytes } from '../models/filesFormat';
import { hrefFor } from '../../shell/models/router';
import { DocIcon } from './FileIcons';
import { personOf } from '../../chat/screens/person';
import { AutoDownloadSetting } from './AutoDownloadSetting';
import { MomentsStorage } from '../../moments/screens/MomentsStorage';
import '../storage.css';

const logger = log('ui:storage');
// The screen's words: ask for them as the chunk loads, not on the first frame.
void loadStrings('files');

interface Estimate {
  usage: number;
  quota: number;
}

/** What the browser says this origin uses and may use; null where it cannot tell. */
async function readEstimate(): Promise<Estimate | null> {
  try {
    const e = await navigator.storage?.estimate?.();
    return e?.usage !== undefined && e.quota !== undefined
      ? { usage: e.usage, quota: e.quota }
      : null;
  } catch {
    return null;
  }
}

function titleOf(conv: ConversationId): string {
  const chat = chatList.value.find((c) => c.conv === conv);
  return chat ? personOf(chat.peer).title : t('files.unknownChat');
}

function UsageRow(props: { usage: ConvUsage; onFree: (usage: ConvUsage) => void }) {
  const { usage } = props;
  const name = titleOf(usage.conv);
  return (
    <li class="usage" data-testid="storage-chat" data-conv={usage.conv} data-bytes={usage.bytes}>
      <div class="usage__text">
        <span class="usage__name" dir="auto">
          {name}
        </span>
        <span class="usage__meta">
          {t('files.chatUsage', {
            count: usage.files,
            size: formatBytes(usage.bytes, language.value),
          })}
        </span>
      </div>
      <button
        type="button"
        class="button button--text"
        data-testid="storage-free"
        aria-label={t('files.freeName', { name })}
        disabled={usage.bytes === 0}
        onClick={() => props.onFree(usage)}
      >
        {t('files.free')}
      </button>
    </li>
  );
}

export function StorageScreen() {
  const engine = fileEngine.value;
  const usages = useSignal<ConvUsage[] | null>(null);
  const estimate = useSignal<Estimate | null>(null);
  const freeing = useSignal<ConvUsage | null>(null);
  const busy = useSignal(false);
  const lang = language.value;

  const reload = async () => {
    estimate.value = await readEstimate();
    if (!engine) return;
    try {
      const list = await engine.usage();
      usages.value = list.filter((u) => u.files > 0).sort((a, b) => b.bytes - a.bytes);
    } catch (err) {
      logger.warn('could not read storage use', describeError(err));
      usages.value = [];
      void notify('error', () => t('files.usageFailed'));
    }
  };

  useEffect(() => {
    void reload();
  }, [engine]);

  const free = async () => {
    const target = freeing.value;
    if (!target || !engine) return;
    busy.value = true;
    try {
      const bytes = await engine.free(target.conv);
      void notify('success', () => t('files.freedToast', { size: formatBytes(bytes, lang) }));
    } catch (err) {
      logger.warn('could not free space', describeError(err));
      void notify('error', () => t('files.freeFailed'));
    } finally {
      busy.value = false;
      freeing.value = null;
      await reload();
    }
  };

  const list = usages.value;
  const total = list?.reduce((n, u) => n + u.bytes, 0) ?? 0;
  const device = estimate.value;
  const target = freeing.value;
  return (
    <Screen title={t('files.storage')} back={hrefFor({ name: 'me' })} testId="storage-screen">
      <div class="cards">
        <AutoDownloadSetting />
        <section class="card" aria-labelledby="storage-used">
          <h2 class="card__title" id="storage-used">
            {t('files.used')}
          </h2>
          {engine && list && (
            <p class="storage__total" data-testid="storage-total" data-bytes={total}>
              {t('files.total', { size: formatBytes(total, lang) })}
            </p>
          )}
          {device && (
            <p class="setting__hint" data-testid="storage-device">
              {t('files.device', {
                used: formatBytes(device.usage, lang),
                quota: formatBytes(device.quota, lang),
              })}
            </p>
          )}
          {!engine && (
            <p class="list-note" data-testid="storage-offline">
              {t('files.notConnected')}
            </p>
          )}
          {engine && list && list.length === 0 && (
            <EmptyState
              testId="storage-empty"
              title={t('files.emptyTitle')}
              body={t('files.emptyBody')}
              icon={<DocIcon width="40" height="40" />}
            />
          )}
          {list && list.length > 0 && (
            <ul class="usage-list" data-testid="storage-list" aria-label={t('files.perChat')}>
              {list.map((u) => (
                <UsageRow key={u.conv} usage={u} onFree={(x) => (freeing.value = x)} />
              ))}
            </ul>
          )}
        </section>
        <MomentsStorage />
      </div>
      <ConfirmDialog
        open={target !== null}
        title={t('files.freeTitle', { size: formatBytes(target?.bytes ?? 0, lang) })}
        confirmLabel={t('files.free')}
        danger
        busy={busy.value}
        onConfirm={() => void free()}
        onCancel={() => (freeing.value = null)}
      >
        <p>{t('files.freeBody', { name: target ? titleOf(target.conv) : '' })}</p>
      </ConfirmDialog>
    </Screen>
  );
}
