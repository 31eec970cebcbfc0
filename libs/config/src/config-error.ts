/** A setting that stops the start: the message names the variable and what is wrong with it. */
export class ConfigError extends Error {
  constructor(variable: string, reason: string) {
    super(`configuration ${variable}: ${reason}`);
  }
}
