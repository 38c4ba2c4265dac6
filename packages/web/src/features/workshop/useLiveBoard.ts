import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { roApi, roKeys, type WorkshopBoard } from '../../api/repairOrders';

/** live: the stream pushes every change; reconnecting: the stream dropped, the board is polled meanwhile. */
export type BoardConnection = 'connecting' | 'live' | 'reconnecting';

/** How often the board is polled while the stream is down. */
export const POLL_MS = 10_000;
/** A stream the server closed for good (an error response) is opened again after this long. */
const REOPEN_MS = 30_000;

/**
 * The progress board, live: server-sent events (`event: board`) put every push in the query cache;
 * when the stream errors the GET is polled every 10 s until the stream is back.
 */
export function useLiveBoard(options: { live: boolean; dealerId?: string } = { live: true }) {
  const { live, dealerId } = options;
  const queryClient = useQueryClient();
  const [connection, setConnection] = useState<BoardConnection>('connecting');
  const board = useQuery({
    queryKey: dealerId ? [...roKeys.board, dealerId] : roKeys.board,
    queryFn: () => roApi.board(dealerId),
    refetchInterval: connection === 'live' ? false : POLL_MS,
    refetchIntervalInBackground: true,
  });

  useEffect(() => {
    // The stream follows one dealer's changes; the car maker's network board is polled.
    if (!live || typeof EventSource === 'undefined') {
      setConnection('reconnecting');
      return;
    }
    let source: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;

    const open = () => {
      if (stopped) return;
      source = new EventSource(roApi.boardStreamUrl, { withCredentials: true });
      source.addEventListener('open', () => setConnection('live'));
      source.addEventListener('board', (event) => {
        try {
          queryClient.setQueryData<WorkshopBoard>(roKeys.board, JSON.parse((event as MessageEvent<string>).data) as WorkshopBoard);
          setConnection('live');
        } catch {
          // a torn message: the next push (every few seconds) replaces it
        }
      });
      source.addEventListener('error', () => {
        setConnection('reconnecting');
        // The browser retries a dropped stream by itself; an error response closes it for good.
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          source = null;
          reopen = setTimeout(open, REOPEN_MS);
        }
      });
    };
    open();
    return () => {
      stopped = true;
      if (reopen) clearTimeout(reopen);
      source?.close();
    };
  }, [queryClient, live]);

  return { board, connection };
}
