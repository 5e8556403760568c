/**
 * The states a file goes through on this device, shared by the file engine
 * (src/peers/files) and the records that store them (src/db/filesRepo.ts).
 */

/**
 * Where one file stands on this device.
 * - `preparing`: (sender) being read, hashed and stored before its event is appended.
 * - `ready`: every chunk is here and the SHA-256 matched (the sender's own files are ready
 *   once prepared).
 * - `waiting`: (receiver) wants the bytes; the sender is offline or busy, it resumes by itself.
 * - `ask`: (receiver) larger than the auto-download limit: the user must accept.
 * - `active`: bytes are moving now.
 * - `noSpace`: the device has not enough room; what is stored is kept, `retry()` tries again.
 * - `failed`: an error that retrying might fix (`error` says which); what is stored is kept.
 * - `cancelled`: either side cancelled; what is stored is kept until freed.
 * - `freed`: the user freed the space; the message stays and `accept()` fetches it again.
 */
export type FileState =
  | 'preparing'
  | 'ready'
  | 'waiting'
  | 'ask'
  | 'active'
  | 'noSpace'
  | 'failed'
  | 'cancelled'
  | 'freed';

/** Why a file is `failed` (the UI has a sentence for each). */
export type FileError = 'integrity' | 'storage' | 'source' | 'network' | 'refused';
