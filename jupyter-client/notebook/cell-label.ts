/**
 * How cells are named for people: numbered from 1 like they appear in the
 * notebook, with the start of their code so they can be found at a glance.
 */
export function describeCell(index: number, source: string): string {
  const firstLine =
    source
      .split("\n")
      .find((line) => line.trim() !== "")
      ?.trim() ?? "";
  const shown = firstLine.length > 50 ? `${firstLine.slice(0, 47)}...` : firstLine;
  return `cell ${index + 1} (\`${shown}\`)`;
}
