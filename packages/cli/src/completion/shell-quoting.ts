/** `text` as one single-quoted word for bash or zsh (a quote inside becomes '\''). */
export function quotePosix(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** `text` as one single-quoted word for fish, where only \ and ' are escaped inside quotes. */
export function quoteFish(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** A description squeezed onto one line, as completion menus show it. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
