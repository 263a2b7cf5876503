/** Usage lines the top-level `nianbao --help` shows without loading the commands (DuckDB, the parser). */
export const SYNTH_USAGE = `  nianbao synth --out <folder> [--city 宁波市 | --province 浙江省 | --towns N] [--years 2019-2025] [--seed N] [--limit N]
  nianbao synth --facts-only --towns N [--years 2019-2025] [--seed N] --out <folder>
`;
