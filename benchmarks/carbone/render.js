// Render reports with Carbone and time each one: node render.js JOB.json
//
// JOB.json: {"template": path, "reports": [{"data": path, "out": path}], "warmup": n, "rounds": n}
// Each report's data is read before timing starts; a timed render is carbone.render
// (open the template, fill it, zip it) plus writing the .docx. The first `warmup`
// renders are not counted (V8 compiles Carbone's code on first use). Prints JSON:
// {"seconds": [per report, best of `rounds`], "cpu": [the same in CPU seconds],
//  "total": seconds for one pass, "total_cpu": its CPU seconds, "version": ...}.
'use strict';
const fs = require('fs');
const path = require('path');
const carbone = require('carbone');
const { version } = require('carbone/package.json');

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const reports = job.reports.map((r) => ({ data: JSON.parse(fs.readFileSync(r.data, 'utf8')), out: r.out }));

function renderOne(report) {
  return new Promise((resolve, reject) => {
    carbone.render(job.template, report.data, {}, (err, result) => {
      if (err) { return reject(new Error(String(err))); }
      fs.writeFileSync(report.out, result);
      resolve();
    });
  });
}

async function main() {
  for (let w = 0; w < (job.warmup || 0); w++) {
    await renderOne(reports[w % reports.length]);
  }
  const best = reports.map(() => Infinity);
  const bestCpu = reports.map(() => Infinity);
  let total = Infinity;
  let totalCpu = Infinity;
  const cpuSeconds = (usage) => (usage.user + usage.system) / 1e6;
  for (let round = 0; round < (job.rounds || 1); round++) {
    const passStart = process.hrtime.bigint();
    const passCpu = process.cpuUsage();
    for (let i = 0; i < reports.length; i++) {
      const start = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      await renderOne(reports[i]);
      best[i] = Math.min(best[i], Number(process.hrtime.bigint() - start) / 1e9);
      bestCpu[i] = Math.min(bestCpu[i], cpuSeconds(process.cpuUsage(cpu)));
    }
    total = Math.min(total, Number(process.hrtime.bigint() - passStart) / 1e9);
    totalCpu = Math.min(totalCpu, cpuSeconds(process.cpuUsage(passCpu)));
  }
  const result = { seconds: best, cpu: bestCpu, total, total_cpu: totalCpu, version };
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((err) => { process.stderr.write(String(err.stack || err) + '\n'); process.exit(1); });
