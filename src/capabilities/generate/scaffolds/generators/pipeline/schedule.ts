/** Schedules in words ("daily 2am", "weekly monday 03:30", "every 15 minutes") or cron, validated by cron-parser. */
import { CronExpressionParser } from 'cron-parser'
import { UserInputError } from '../../../../../core/errors.js'

export type Period = 'hour' | 'day' | 'week' | 'month'

export interface Schedule {
  cron: string
  /** The span of data one run handles: the period before the run. */
  period: Period
  description: string
  /** The next runs after the reference time, ISO, for the person to check. */
  next: string[]
}

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']

/** `2am`, `2:30pm`, `14:00`, `at 02:30` → [hour, minute] */
function timeOfDay(text: string): [number, number] | undefined {
  const m = /(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\b/.exec(text)
  if (!m) return undefined
  let hour = Number(m[1])
  const minute = Number(m[2] ?? 0)
  if (m[3] === 'pm' && hour < 12) hour += 12
  if (m[3] === 'am' && hour === 12) hour = 0
  if (hour > 23 || minute > 59) throw new UserInputError(`--schedule: "${text}" is not a time of day.`, { field: 'schedule' })
  return [hour, minute]
}

function toCron(input: string): { cron: string; period: Period } {
  const text = input.trim().toLowerCase()
  const every = /^every\s+(\d+)\s+(minute|hour)s?$/.exec(text)
  if (every)
    return every[2] === 'minute' ? { cron: `*/${every[1]} * * * *`, period: 'hour' } : { cron: `0 */${every[1]} * * *`, period: 'hour' }
  if (text === 'hourly') return { cron: '0 * * * *', period: 'hour' }
  const [word = '', ...rest] = text.split(/\s+/)
  const tail = rest.join(' ')
  const [hour, minute] = timeOfDay(tail) ?? [0, 0]
  if (word === 'daily') return { cron: `${minute} ${hour} * * *`, period: 'day' }
  if (word === 'weekly') {
    const day = DAYS.findIndex((d) => tail.includes(d) || tail.includes(d.slice(0, 3)))
    return { cron: `${minute} ${hour} * * ${day < 0 ? 1 : day}`, period: 'week' }
  }
  if (word === 'monthly') return { cron: `${minute} ${hour} 1 * *`, period: 'month' }
  if (text.split(/\s+/).length === 5) {
    const [, hourField = '*', dom = '*', , dow = '*'] = text.split(/\s+/)
    const period: Period = dom !== '*' ? 'month' : dow !== '*' ? 'week' : hourField === '*' || hourField.includes('/') ? 'hour' : 'day'
    return { cron: text, period }
  }
  throw new UserInputError(
    `--schedule "${input}": write hourly, daily [2am], weekly [monday 3am], monthly, every N minutes|hours, or a 5-field cron expression.`,
    {
      field: 'schedule',
    },
  )
}

export function parseSchedule(input: string, timezone: string, reference = new Date('2024-01-01T00:00:00Z')): Schedule {
  const { cron, period } = toCron(input)
  try {
    const expression = CronExpressionParser.parse(cron, { tz: timezone, currentDate: reference })
    const next = [expression.next(), expression.next(), expression.next()].map((d) => d.toISOString() ?? '')
    return { cron, period, description: `${input.trim()} (${cron}, ${timezone})`, next }
  } catch (error) {
    throw new UserInputError(`--schedule "${input}" (cron "${cron}") is not valid: ${(error as Error).message}`, {
      field: 'schedule',
      cause: error,
    })
  }
}
