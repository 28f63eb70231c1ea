/**
 * Replaces a container's content with a fresh rendering while keeping what the user was
 * doing: the focused control (matched by `data-key`, else by `id`), which `<details>` were open, and the
 * scroll position. Live updates re-render whole views through this.
 */
export function replaceContent(container: HTMLElement, nodes: ReadonlyArray<Node | null>): void {
  const active = document.activeElement;
  const inside = active instanceof Element && container.contains(active) ? active : undefined;
  const focusKey = inside === undefined ? undefined : keyOf(inside);
  const focusId = inside?.id || undefined;
  const open = new Set<string>();
  const closed = new Set<string>();
  for (const d of container.querySelectorAll<HTMLDetailsElement>('details[data-key]')) {
    (d.open ? open : closed).add(d.dataset.key ?? '');
  }
  const scroll = { x: window.scrollX, y: window.scrollY };

  container.replaceChildren(...nodes.filter((n): n is Node => n !== null));

  for (const d of container.querySelectorAll<HTMLDetailsElement>('details[data-key]')) {
    const key = d.dataset.key ?? '';
    if (open.has(key)) d.open = true;
    else if (closed.has(key)) d.open = false;
  }
  let target: HTMLElement | SVGElement | null = null;
  if (focusKey !== undefined) target = container.querySelector(`[data-key="${CSS.escape(focusKey)}"]`);
  else if (focusId !== undefined) target = container.querySelector(`#${CSS.escape(focusId)}`);
  target?.focus({ preventScroll: true });
  window.scrollTo(scroll.x, scroll.y);
}

function keyOf(el: Element): string | undefined {
  const keyed = el.closest<HTMLElement | SVGElement>('[data-key]');
  return keyed?.dataset.key;
}
