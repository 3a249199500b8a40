// Express 5 + winston, CommonJS. Prints a ready line; stdin closing is the cue to stop.
const express = require('express');
const winston = require('winston');

const log = winston.createLogger({ format: winston.format.json(), transports: [new winston.transports.Console()] });
const app = express();
app.get('/users/:id', (req, res) => {
  log.info(`lookup user ${req.params.id}`, { user: req.params.id });
  res.json({ id: req.params.id });
});
const server = app.listen(0, '127.0.0.1', () =>
  console.log(JSON.stringify({ ready: true, url: `http://127.0.0.1:${server.address().port}` })),
);
process.stdin.on('end', () => server.close()).resume();
