/**
 * Whether a stream's video is actually arriving. A remote stream always has a
 * video track (the link negotiates one even for voice calls), but the track
 * stays `muted` while no frames come, e.g. in a voice call or after the other
 * side turned the camera off. Follows mute/unmute and added/removed tracks.
 */
import { useEffect, useState } from 'preact/hooks';

function flowing(stream: MediaStream | null): boolean {
  return (
    stream?.getVideoTracks().some((track) => track.readyState === 'live' && !track.muted) ?? false
  );
}

export function useVideoFlowing(stream: MediaStream | null): boolean {
  const [on, setOn] = useState(() => flowing(stream));
  useEffect(() => {
    setOn(flowing(stream));
    if (!stream) return;
    const update = () => setOn(flowing(stream));
    const watched = new Set<MediaStreamTrack>();
    const watch = () => {
      for (const track of stream.getVideoTracks()) {
        if (watched.has(track)) continue;
        watched.add(track);
        track.addEventListener('mute', update);
        track.addEventListener('unmute', update);
        track.addEventListener('ended', update);
      }
      update();
    };
    watch();
    stream.addEventListener('addtrack', watch);
    stream.addEventListener('removetrack', update);
    return () => {
      stream.removeEventListener('addtrack', watch);
      stream.removeEventListener('removetrack', update);
      for (const track of watched) {
        track.removeEventListener('mute', update);
        track.removeEventListener('unmute', update);
        track.removeEventListener('ended', update);
      }
    };
  }, [stream]);
  return on;
}
