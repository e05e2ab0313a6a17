/** A keyboard-shortcut hint inside a button. */
export function Kbd(props: { children: string }) {
  return (
    <kbd className="yd-kbd" aria-hidden>
      {props.children}
    </kbd>
  );
}
