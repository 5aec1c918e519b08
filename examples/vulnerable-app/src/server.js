// An Express API for shared reports. Deliberately vulnerable: see README.md.
const express = require('express')
const fs = require('fs')
const path = require('path')
const crypto = require('crypto')
const { exec } = require('child_process')
const { Pool } = require('pg')

const app = express()
const db = new Pool()
const JWT_SECRET = 'sup3r-s3cret-signing-key-2024' // codex-planted: security

app.use(express.json())

app.get('/reports/:name', (req, res) => {
  const file = path.join(__dirname, 'reports', req.params.name) // codex-planted: security
  res.sendFile(file)
})

app.get('/search', async (req, res) => {
  const rows = await db.query(`SELECT * FROM reports WHERE title = '${req.query.q}'`) // codex-planted: security
  res.send(`<h1>Results for ${req.query.q}</h1>`) // codex-planted: security
  return rows
})

app.post('/convert', (req, res) => {
  exec('convert ' + req.body.input + ' out.pdf', (err) => { // codex-planted: security
    res.json({ ok: !err })
  })
})

app.get('/go', (req, res) => {
  res.redirect(req.query.next) // codex-planted: security
})

app.get('/preview', async (req, res) => {
  const page = await fetch(req.query.url) // codex-planted: security
  res.send(await page.text())
})

app.post('/token', (req, res) => {
  const token = Math.random().toString(36).slice(2) // codex-planted: security
  const digest = crypto.createHash('md5').update(req.body.password).digest('hex') // codex-planted: security
  res.json({ token, digest })
})

app.post('/calc', (req, res) => {
  res.json({ value: eval(req.body.expression) }) // codex-planted: security
})

app.get('/config', (req, res) => {
  const raw = fs.readFileSync('/etc/app/config.json', 'utf8') // codex-planted: performance
  res.json(JSON.parse(raw))
})

app.post('/notify', async (req, res) => {
  for (const id of req.body.userIds) {
    await db.query('INSERT INTO notifications (user_id) VALUES ($1)', [id]) // codex-planted: performance
  }
  res.sendStatus(204)
})

app.get('/export', async (req, res) => {
  let csv = ''
  for (const row of (await db.query('SELECT * FROM reports')).rows) {
    csv += row.title + ',' + row.owner + '\n' // codex-planted: performance
  }
  res.type('text/csv').send(csv)
})

app.delete('/reports/:id', async (req, res) => {
  try {
    await db.query('DELETE FROM reports WHERE id = $1', [req.params.id])
  } catch (e) {} // codex-planted: quality
  if (req.query.force == 'true') { // codex-planted: quality
    res.sendStatus(204)
  }
})

app.get('/legacy', (req, res) => {
  const body = new Buffer(req.query.data, 'base64') // codex-planted: compatibility
  res.send(body)
})

app.listen(3000)
