// A fitted customer-value model: BG/NBD for purchases and P(alive), Gamma-Gamma for spend per
// purchase, with the asymptotic covariance of both so forecasts can carry parameter uncertainty.
// Everything a forecast needs is in this plain object, so a recorded fit reproduces it exactly.
import { fitBgNbd, type BgNbdParameters } from './bg-nbd';
import { fitGammaGamma, type GammaGammaParameters } from './gamma-gamma';
import { groupStats, type CustomerStats } from './summary';

/** Bumped whenever a likelihood, a forecast formula or the simulation changes what a fit predicts. */
export const CUSTOMER_VALUE_LIBRARY_VERSION = '1.0.0';

export interface CustomerValueModel {
  libraryVersion: string;
  bgNbd: BgNbdParameters;
  /** Covariance of (ln r, ln α, ln a, ln b). */
  bgNbdCovariance: number[][];
  gammaGamma: GammaGammaParameters;
  /** Covariance of (ln p, ln q, ln v). */
  gammaGammaCovariance: number[][];
  /** Customers with a purchase by the cut-off (the BG/NBD population). */
  populationSize: number;
  /** Repeat buyers with positive mean repeat spend (the Gamma-Gamma population). */
  repeatBuyers: number;
  /** Maximised log-likelihoods of the two parts. */
  logLikelihood: { bgNbd: number; gammaGamma: number };
}

/** Fits both parts by maximum likelihood on one population's sufficient statistics (weeks). */
export function fitCustomerValueModel(population: readonly CustomerStats[]): CustomerValueModel {
  const purchases = fitBgNbd(groupStats(population));
  const spend = fitGammaGamma(population);
  return {
    libraryVersion: CUSTOMER_VALUE_LIBRARY_VERSION,
    bgNbd: purchases.parameters,
    bgNbdCovariance: purchases.covariance,
    gammaGamma: spend.parameters,
    gammaGammaCovariance: spend.covariance,
    populationSize: population.length,
    repeatBuyers: spend.customers,
    logLikelihood: { bgNbd: purchases.logLikelihood, gammaGamma: spend.logLikelihood },
  };
}
