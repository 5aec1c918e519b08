/** Renders RunEvents for a person: a progress bar on a terminal, plain lines otherwise. */
import type { RunEvent } from '../../core/events.js'

export interface ProgressRenderer {
  onEvent(event: RunEvent): void
  done(): void
}

export function createProgress(stream: NodeJS.WriteStream, options: { enabled: boolean }): ProgressRenderer {
  if (!options.enabled) return { onEvent() {}, done() {} }
  if (stream.isTTY) {
    let lastDraw = 0
    let drawn = false
    return {
      onEvent(event) {
        if (event.type !== 'progress' || event.total === 0) return
        const now = Date.now()
        if (now - lastDraw < 50 && event.done !== event.total) return
        lastDraw = now
        const width = 30
        const filled = Math.round((event.done / event.total) * width)
        const item = event.item ? ` ${event.item.length > 40 ? `…${event.item.slice(-39)}` : event.item}` : ''
        stream.write(`\r\x1b[2K${event.step} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${event.done}/${event.total}${item}`)
        drawn = true
      },
      done() {
        if (drawn) stream.write('\r\x1b[2K')
      },
    }
  }
  // Not a terminal (CI logs): a line per step and at every 25% of progress.
  let lastQuarter = -1
  return {
    onEvent(event) {
      if (event.type === 'step.started') stream.write(`${event.step}${event.detail ? `: ${event.detail}` : ''}\n`)
      if (event.type === 'progress' && event.total > 0) {
        const quarter = Math.floor((event.done / event.total) * 4)
        if (quarter > lastQuarter) {
          lastQuarter = quarter
          stream.write(`${event.step}: ${event.done}/${event.total} files\n`)
        }
      }
    },
    done() {},
  }
}
