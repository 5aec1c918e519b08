'use strict'
const fs = require('node:fs')

const DEFAULTS = { theme: 'light', pageSize: 20 }

/**
 * Reads settings from a JSON file and fills in defaults. Node-style callback.
 * @param {string} file
 * @param {(error: Error | null, settings?: object) => void} callback
 */
function loadSettings(file, callback) {
  fs.readFile(file, 'utf8', (error, text) => {
    if (error) {
      if (error.code === 'ENOENT') return callback(null, { ...DEFAULTS })
      return callback(error)
    }
    let parsed
    try {
      parsed = JSON.parse(text)
    } catch (cause) {
      return callback(new SyntaxError(`settings file is not valid JSON: ${cause.message}`))
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return callback(new TypeError('settings file must hold a JSON object'))
    }
    callback(null, { ...DEFAULTS, ...parsed })
  })
}

/** The same as a promise. */
function loadSettingsAsync(file) {
  return new Promise((resolve, reject) => loadSettings(file, (error, settings) => (error ? reject(error) : resolve(settings))))
}

/** Checks a settings object; returns the list of problems (empty when it is valid). */
function validateSettings(settings) {
  const problems = []
  if (!['light', 'dark'].includes(settings.theme)) problems.push('theme must be "light" or "dark"')
  if (!Number.isInteger(settings.pageSize) || settings.pageSize < 1 || settings.pageSize > 100) problems.push('pageSize must be an integer from 1 to 100')
  return problems
}

module.exports = { DEFAULTS, loadSettings, loadSettingsAsync, validateSettings }
