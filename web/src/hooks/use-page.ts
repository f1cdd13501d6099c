import { useEffect, useRef } from 'react';
import { telemetry } from '../telemetry/rum';

export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · ShopFast` : 'ShopFast';
  }, [title]);
}

/** Records a RUM timing the first time `ready` becomes true on this page (e.g. results shown). */
export function useMilestone(name: string, ready: boolean): void {
  const done = useRef(false);
  useEffect(() => {
    if (ready && !done.current) {
      done.current = true;
      telemetry.timing(name);
    }
  }, [name, ready]);
}
