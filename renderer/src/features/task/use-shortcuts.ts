import { useEffect, useRef } from 'react';

export interface ShortcutHandlers {
  readonly approve: () => void;
  readonly reject: () => void;
  readonly rejectDoubleSign: () => void;
  readonly next: () => void;
  readonly previous: () => void;
}

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'password', 'email', 'number', 'tel', 'url', 'date', 'datetime-local', 'month', 'time', 'week']);

/** Whether a key press belongs to a field the user is typing in (then it is not a shortcut). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return TEXT_INPUT_TYPES.has(target.type);
  return target.getAttribute('role') === 'combobox' || target.closest('[role="dialog"]') !== null;
}

/** A / R / D decide, J / ↓ next, K / ↑ previous (the published manual review time is < 60 s). */
export function useShortcuts(handlers: ShortcutHandlers, enabled: boolean) {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (isTypingTarget(event.target)) return;
      const h = latest.current;
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      // Holding a decision key must not decide the next task too.
      const decide = (fn: () => void) => {
        event.preventDefault();
        if (!event.repeat) fn();
      };
      switch (key) {
        case 'a':
          decide(h.approve);
          break;
        case 'r':
          decide(h.reject);
          break;
        case 'd':
          decide(h.rejectDoubleSign);
          break;
        case 'j':
        case 'ArrowDown':
          event.preventDefault();
          h.next();
          break;
        case 'k':
        case 'ArrowUp':
          event.preventDefault();
          h.previous();
          break;
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
