# ratio_large.R: reference limits of rate_ratio for counts where R's own
# poisson.test gives NaN (equal counts of 1e17 and more) or qbeta warns
# "not accurate" (a huge count against a small one).  Issue 11, item 14.
#
# Run from the repository root:  Rscript test/stats/ratio_large.R
# It writes test/stats/ratio_large_reference.csv, read by sql/rate_ratio_large.sql.
#
# Each case is x1 offences on one day against x2 on another (t1 = t2 = 1).
# The exact conditional limits are odds of Beta quantiles,
#   lower = q/(1 - q), q = qbeta(alpha, x1, x2 + 1)
#   upper = q/(1 - q), q = qbeta(1 - alpha, x1 + 1, x2)
# and the reference is made the way R computes them accurately:
#   - "R":          poisson.test itself, where it still works (1e15, 1e16);
#   - "R swapped":  with the small shape first, 1 - q = qbeta(1 - p, b, a),
#                   which R computes accurately (no warning) even at a = 1e19;
#   - "asymptotic": both counts huge: the log rate ratio is normal with
#                   variance 1/x1 + 1/x2, to within O(1/x) (below 1e-16 here).
level <- 0.95
alpha <- (1 - level) / 2
z <- qnorm(1 - alpha)
rows <- list()
add <- function(x1, x2, how, lower, upper) {
    rows[[length(rows) + 1]] <<- data.frame(x1 = sprintf("%.0f", x1), x2 = sprintf("%.0f", x2), how = how,
                                            lower = sprintf("%.17g", lower), upper = sprintf("%.17g", upper))
}
for (x in c(1e15, 1e16)) {
    ci <- poisson.test(c(x, x), c(1, 1), conf.level = level)$conf.int
    add(x, x, "R", ci[1], ci[2])
}
for (x in c(1e17, 1e18, 4e18)) add(x, x, "asymptotic", exp(-z * sqrt(2 / x)), exp(z * sqrt(2 / x)))
for (c2 in list(c(1e17, 3e17), c(3e17, 1e17), c(2e18, 5e17)))
    add(c2[1], c2[2], "asymptotic", c2[1] / c2[2] * exp(-z * sqrt(1 / c2[1] + 1 / c2[2])),
        c2[1] / c2[2] * exp(z * sqrt(1 / c2[1] + 1 / c2[2])))
for (small in c(4, 1000, 1e6, 1e9)) {
    big <- 1e17
    # x1 huge, x2 small: both Beta quantiles have the huge shape first.
    r_lo <- qbeta(1 - alpha, small + 1, big); r_hi <- qbeta(alpha, small, big + 1)
    add(big, small, "R swapped", (1 - r_lo) / r_lo, (1 - r_hi) / r_hi)
    # x1 small, x2 huge: the small shape is already first.
    q_lo <- qbeta(alpha, small, big + 1); q_hi <- qbeta(1 - alpha, small + 1, big)
    add(small, big, "R swapped", q_lo / (1 - q_lo), q_hi / (1 - q_hi))
}
write.csv(do.call(rbind, rows), "test/stats/ratio_large_reference.csv", row.names = FALSE, quote = FALSE)
