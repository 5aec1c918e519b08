/** Column conversion between ast-grep's scanner (code points) and the Node binding (UTF-16 units). */

/** A code-point column on a line as the UTF-16 column the binding reports. */
export function utf16Column(line: string, column: number): number {
  let units = 0
  for (let points = 0; points < column && units < line.length; points++) {
    const c = line.charCodeAt(units)
    units += c >= 0xd800 && c <= 0xdbff ? 2 : 1
  }
  return units
}
