// Parse DUIS files with DCC's duis-parser (GPL-3.0, unpacked at test time into the folder
// DUIS_PARSER_DIR names). Our own code (Apache-2.0). Prints one JSON line per file.
const fs = require('fs')
const parser = require(process.env.DUIS_PARSER_DIR)

for (const file of process.argv.slice(2)) {
  const report = { file }
  try {
    const duis = parser.parseDuis('simplified', fs.readFileSync(file))
    report.ok = true
    report.response = parser.isSimplifiedDuisOutputResponse(duis)
    report.header = duis.header
    report.body = Object.keys(duis.body || {})
    if (report.response && duis.body && duis.body.ResponseMessage) {
      report.message = Object.keys(duis.body.ResponseMessage)
    }
  } catch (error) {
    report.ok = false
    report.error = String(error && error.message ? error.message : error)
  }
  console.log(JSON.stringify(report, (key, value) => (typeof value === 'bigint' ? value.toString() : value)))
}
