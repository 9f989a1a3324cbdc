/*
 * Mermaid text helpers shared by every generated diagram. Names from the configuration and the state machines
 * (spaces, dots, brackets, "#" in cron expressions) never become Mermaid IDs: IDs are generated, and names only
 * appear inside quoted labels, escaped with Mermaid's entity codes.
 */

/** Line break inside a label (flowchart labels are HTML). */
export const BR = '<br/>';

/**
 * Text for a quoted Mermaid label. `#` starts Mermaid's entity codes and a leading backtick would make a Markdown
 * string, so both are encoded along with the characters HTML labels would interpret.
 */
export function escapeLabel(text: string): string {
  return text
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/&/g, '#amp;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/`/g, '#96;')
    .replace(/\r?\n/g, BR);
}

/** Lines of a label, each escaped, joined by line breaks. */
export function label(...lines: readonly string[]): string {
  return `"${lines.filter((l) => l !== '').map(escapeLabel).join(BR)}"`;
}

/** Gives each distinct key a stable, safe ID: `<prefix>1`, `<prefix>2`... in order of first use. */
export class IdAllocator {
  private readonly ids = new Map<string, string>();

  constructor(private readonly prefix: string) {}

  id(key: string): string {
    let id = this.ids.get(key);
    if (!id) {
      id = `${this.prefix}${this.ids.size + 1}`;
      this.ids.set(key, id);
    }
    return id;
  }
}

/** A fenced block GitHub renders as a diagram. */
export function mermaidBlock(diagram: string): string {
  return `\`\`\`mermaid\n${diagram.trimEnd()}\n\`\`\``;
}

/** The diagrams of a Markdown text, in order (the bodies of its ```mermaid fences). */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1].trimEnd());
}
