/** Usage lines the top-level `nianbao --help` shows without loading the commands (DuckDB, the parser). */
export const SYNTH_USAGE = `  nianbao synth --out <folder> [--city 宁波市 | --province 浙江省 | --towns N] [--years 2019-2025] [--seed N] [--limit N]
                [--formats original,docx,pdf]   (pdf = pdf-writer,pdf-chromium,pdf-office: LibreOffice, Chromium, and the WPS/Word-style writer that needs neither; see scripts/setup.sh --office)
  nianbao synth --facts-only --towns N [--years 2019-2025] [--seed N] --out <folder>
`;

/** The serve line of the top-level help; `nianbao serve --help` lists every option with its default. */
export const SERVE_USAGE = `  nianbao serve <dataset folder> [--port N] [--host 127.0.0.1]   read-only SQL over HTTP (nianbao serve --help)
`;
