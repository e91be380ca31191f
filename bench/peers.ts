/**
 * The tools an analyst would use instead, run on the same files in the same bench run: R readxl and pandas
 * for reading the xlsx, R survey's svyby for the estimates, exceljs's own streaming reader as the in-process
 * baseline. Each returns null when the tool is not installed, so the bench can say which were missing.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasCommand, measure, type Measurement } from './measure.js';

const here = path.dirname(fileURLToPath(import.meta.url));

function hasRPackage(name: string): boolean {
  if (!hasCommand('Rscript')) return false;
  try {
    measure('Rscript', ['-e', `suppressMessages(library(${name}))`], 1);
    return true;
  } catch {
    return false;
  }
}

/** R readxl reading every prefecture workbook (title row skipped), or null without R/readxl. */
export function peerReadxl(surveyDir: string, repeat: number): Measurement | null {
  if (!hasRPackage('readxl')) return null;
  const glob = path.join(surveyDir, 'responses', '*.xlsx');
  const script = `suppressMessages(library(readxl)); n <- 0; for (f in Sys.glob("${glob}")) n <- n + nrow(read_excel(f, skip = 1)); cat(n)`;
  return measure('Rscript', ['-e', script], repeat);
}

/** pandas.read_excel (openpyxl) on the same workbooks, or null without Debian's python3-pandas. */
export function peerPandas(surveyDir: string, repeat: number): Measurement | null {
  const python = '/usr/bin/python3';
  try {
    measure(python, ['-c', 'import pandas, openpyxl'], 1);
  } catch {
    return null;
  }
  const glob = path.join(surveyDir, 'responses', '*.xlsx');
  const script = `import glob, pandas as pd\nprint(sum(len(pd.read_excel(f, skiprows=1)) for f in glob.glob("${glob}")))`;
  return measure(python, ['-c', script], repeat);
}

/** exceljs's streaming WorkbookReader iterating every row of every workbook (no conversion): the floor for us. */
export function peerExceljsStream(surveyDir: string, repeat: number): Measurement {
  return measure(process.execPath, ['--import', 'tsx', path.join(here, 'peer-exceljs-stream.ts'), surveyDir], repeat);
}

/**
 * R survey: svydesign(ids=~county, strata=~prefecture, weights=~weight, nest=TRUE) on the CSV, then svyby of
 * the 20 Likert means by prefecture with SEs. Prints the seconds spent in svyby alone (without reading).
 */
export function peerRSurvey(surveyDir: string, repeat: number): (Measurement & { svyby_ms: number }) | null {
  if (!hasRPackage('survey')) return null;
  const csv = path.join(surveyDir, 'responses.csv');
  const items = Array.from({ length: 20 }, (_, k) => `q${k + 1}`).join('+');
  const script = [
    'suppressMessages(library(survey))',
    `d <- read.csv("${csv}")`,
    'des <- svydesign(ids = ~county, strata = ~prefecture, weights = ~weight, nest = TRUE, data = d)',
    `t <- system.time(r <- svyby(~${items}, ~prefecture, des, svymean, na.rm = TRUE))`,
    'cat(t[["elapsed"]] * 1000)',
  ].join('; ');
  const m = measure('Rscript', ['-e', script], repeat);
  return { ...m, svyby_ms: Number(m.stdout.trim()) };
}
