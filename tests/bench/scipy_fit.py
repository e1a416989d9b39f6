"""The CLI benchmark's baseline: the BG/NBD or MBG/NBD fit as lifetimes makes it, with scipy's Nelder-Mead.

    python3 tests/bench/scipy_fit.py --input FILE --model mbgnbd|bgnbd [--runs N]

Reads a CDNOW-format log (`id sample-id YYYYMMDD quantity amount`; the customer is the sample id, as the CLI reads
it), summarises it as lifetimes' summary_data_from_transaction_data does (purchases on the same day are one, times
in weeks, the observation end is the day of the latest order), then minimises the mean negative log-likelihood
over log-parameters with scipy.optimize.minimize(method="Nelder-Mead"), one row per customer (lifetimes'
BetaGeoFitter / ModifiedBetaGeoFitter, whose fit started from params all 1). Only the minimisation is timed (the
median of --runs); prints one JSON object: fit_seconds, params, log_likelihood, customers, iterations.
"""

import argparse
import json
import time
from datetime import date

import numpy as np
from scipy.optimize import minimize
from scipy.special import gammaln


def summarise(path):
    days = {}
    for line in open(path, encoding="utf-8"):
        fields = line.split()
        if not fields:
            continue
        customer, stamp = fields[-4], fields[-3]
        day = date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8])).toordinal()
        days.setdefault(customer, set()).add(day)
    end = max(max(d) for d in days.values())
    first = np.array([min(d) for d in days.values()], dtype=float)
    last = np.array([max(d) for d in days.values()], dtype=float)
    frequency = np.array([len(d) - 1 for d in days.values()], dtype=float)
    return frequency, (last - first) / 7.0, (end - first) / 7.0


def negative_log_likelihood(shift):
    """lifetimes' BG/NBD (shift 0) and MBG/NBD (shift 1) negative log-likelihood, per customer, averaged."""

    def nll(log_params, x, tx, T):
        r, alpha, a, b = np.exp(log_params)
        a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
        a2 = gammaln(a + b) + gammaln(b + x + shift) - gammaln(b) - gammaln(a + b + x + shift)
        a3 = -(r + x) * np.log(alpha + T)
        if shift == 0:
            a4 = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + tx), -np.inf)
        else:
            a4 = np.log(a) - np.log(b + x) - (r + x) * np.log(alpha + tx)
        return -np.mean(a1 + a2 + np.logaddexp(a3, a4))

    return nll


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", required=True)
    parser.add_argument("--model", choices=["bgnbd", "mbgnbd"], required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    x, tx, T = summarise(args.input)
    nll = negative_log_likelihood(0 if args.model == "bgnbd" else 1)
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        result = minimize(nll, x0=np.zeros(4), args=(x, tx, T), method="Nelder-Mead", tol=1e-7, options={"maxiter": 2000})
        times.append(time.perf_counter() - started)
    times.sort()
    params = np.exp(result.x)
    print(
        json.dumps(
            {
                "fit_seconds": times[len(times) // 2],
                "params": dict(zip(["r", "alpha", "a", "b"], params.tolist())),
                "log_likelihood": -result.fun * len(x),
                "customers": len(x),
                "iterations": int(result.nit),
                "evaluations": int(result.nfev),
                "converged": bool(result.success),
            }
        )
    )


if __name__ == "__main__":
    main()
