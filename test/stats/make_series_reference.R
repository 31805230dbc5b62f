# make_series_reference.R: reference values for groomstats' series statistics.
#
# Run from the repository root (base R and the stats package only):
#
#     Rscript test/stats/make_series_reference.R
#
# It writes two CSV files beside this script, which the pg_regress test
# sql/series_stats.sql loads; CI reads the committed files and needs no R.
#
#   trend_reference.csv    rate_trend: glm(count ~ t + offset(log(days)),
#                          family = poisson and quasipoisson), Wald interval
#                          (confint.default) and p-value (summary.glm)
#   change_reference.csv   count_change: poisson.test(c(x1, x2), c(t1, t2))
#
# Each trend case is a period and a unit (year, financial_year, quarter,
# month or week); its buckets are the calendar buckets overlapping the
# period, the first and last clipped to it, exactly as counts_by makes
# them, and `days` is the days of each bucket inside the period.  Counts are
# drawn (fixed seed) from Poisson and negative binomial (overdispersed)
# series with trends, including zeros, short (3 buckets) and long (240)
# series.  glm is run with epsilon = 1e-12, then again from its estimate
# (start = coef(fit)), so that coefficients and covariance are those at the
# maximum likelihood estimate to rounding, as groomstats' IRLS gives them.
#
# Every number is printed with 17 significant digits.

out_dir <- "test/stats"
if (!dir.exists(out_dir)) {
    stop("run this from the repository root: Rscript test/stats/make_series_reference.R")
}
set.seed(20261201)

num <- function(v) ifelse(is.infinite(v), ifelse(v > 0, "Infinity", "-Infinity"), sprintf("%.17g", v))

# First day of the bucket holding each date, as counts_by defines buckets.
bucket_start <- function(d, unit) {
    lt <- as.POSIXlt(d)
    y <- lt$year + 1900
    m <- lt$mon + 1
    switch(unit,
        week = d - ((as.integer(format(d, "%u")) - 1)),
        month = as.Date(sprintf("%04d-%02d-01", y, m)),
        quarter = as.Date(sprintf("%04d-%02d-01", y, 3 * ((m - 1) %/% 3) + 1)),
        year = as.Date(sprintf("%04d-01-01", y)),
        financial_year = as.Date(sprintf("%04d-04-01", ifelse(m >= 4, y, y - 1))))
}

next_bucket <- function(start, unit) {
    switch(unit,
        week = start + 7,
        month = seq(start, by = "1 month", length.out = 2)[2],
        quarter = seq(start, by = "3 months", length.out = 2)[2],
        year = seq(start, by = "1 year", length.out = 2)[2],
        financial_year = seq(start, by = "1 year", length.out = 2)[2])
}

# Starts and days of the buckets of [first, end), clipped.
buckets <- function(first, end, unit) {
    starts <- c()
    days <- c()
    s <- first
    while (s < end) {
        e <- min(next_bucket(bucket_start(s, unit), unit), end)
        starts <- c(starts, s)
        days <- c(days, as.integer(e - s))
        s <- e
    }
    list(start = as.Date(starts, origin = "1970-01-01"), days = days)
}

trend_rows <- list()
add_trend <- function(first, end, unit, counts, level) {
    b <- buckets(first, end, unit)
    stopifnot(length(b$days) == length(counts))
    t <- seq_along(counts) - 1
    days <- b$days
    for (family in c("poisson", "quasipoisson")) {
        fam <- if (family == "poisson") poisson() else quasipoisson()
        fit <- glm(counts ~ t + offset(log(days)), family = fam,
                   control = glm.control(epsilon = 1e-12, maxit = 100))
        # Refit from the estimate: R's covariance uses the weights of the last
        # iteration, which are then those at the estimate itself.
        if (fit$converged) {
            fit <- glm(counts ~ t + offset(log(days)), family = fam, start = coef(fit),
                       control = glm.control(epsilon = 1e-12, maxit = 100))
        }
        if (!fit$converged) { cat("not converged:", unit, format(first), paste(counts, collapse = ";"), "\n"); return(invisible()) }
        ci <- confint.default(fit, "t", level = level)
        coefs <- summary(fit)$coefficients
        pearson <- sum(residuals(fit, type = "pearson")^2) / fit$df.residual
        trend_rows[[length(trend_rows) + 1]] <<- data.frame(
            case = length(trend_rows) + 1, unit = unit, first = format(first), end = format(end),
            level = num(level), family = family,
            counts = paste(counts, collapse = ";"), days = paste(days, collapse = ";"),
            ratio = num(exp(coef(fit)[["t"]])), lower = num(exp(ci[1, 1])), upper = num(exp(ci[1, 2])),
            p_value = num(coefs["t", 4]), dispersion = num(pearson))
    }
}

# Series generators: mean per day `rate` at the first bucket, growing by
# `growth` per bucket; size = Inf is Poisson, else negative binomial.
draw <- function(days, rate, growth, size) {
    mu <- rate * days * growth^(seq_along(days) - 1)
    if (is.infinite(size)) rpois(length(mu), mu) else rnbinom(length(mu), mu = mu, size = size)
}

units <- c("year", "financial_year", "quarter", "month", "week")
levels <- c(0.95, 0.9, 0.998)
for (i in 1:150) {
    unit <- units[1 + (i %% length(units))]
    n <- c(3, 4, 5, 6, 8, 10, 12, 24, 36, 60)[1 + (i %% 10)]
    if (i %% 37 == 0) n <- 240
    span <- switch(unit, week = 7, month = 30.5, quarter = 91.3, year = 365.25, financial_year = 365.25)
    first <- as.Date("1996-01-01") + sample(0:4000, 1)
    # Whole buckets or clipped ones at either end.
    if (i %% 3 == 0) first <- bucket_start(first, unit)
    end <- first + round(span * (n - 1)) + 1
    b <- buckets(first, end, unit)
    # Clipping can leave fewer buckets than asked: a trend needs three.
    if (length(b$days) < 3) next
    rate <- c(0.02, 0.2, 1, 5, 12, 60)[1 + (i %% 6)]
    growth <- c(1, 1.05, 0.97, 1.3, 1.001)[1 + (i %% 5)]
    if (unit == "week" || unit == "month") growth <- growth^(1 / 6)
    if (n > 60) growth <- growth^(1 / 20)
    size <- c(Inf, Inf, 50, 5, 1.5)[1 + (i %% 5)]
    counts <- draw(b$days, rate, growth, size)
    # A series with no offence at all has no trend; draw again.
    while (sum(counts) == 0 || sum(counts > 0) < 2) counts <- draw(b$days, rate + 0.5, growth, size)
    add_trend(first, end, unit, counts, levels[1 + (i %% 3)])
}
# Fixed cases: the NSPCC's three years (3,171, 4,373, 5,335) by financial
# year, zeros in the middle, equal counts, a leap year clipped.
add_trend(as.Date("2017-04-01"), as.Date("2020-04-01"), "financial_year", c(3171, 4373, 5335), 0.95)
add_trend(as.Date("2010-01-01"), as.Date("2015-01-01"), "year", c(4, 0, 0, 3, 9), 0.95)
add_trend(as.Date("2010-01-01"), as.Date("2013-01-01"), "year", c(7, 7, 7), 0.95)
add_trend(as.Date("2015-07-01"), as.Date("2016-07-01"), "quarter", c(10, 0, 12, 30), 0.998)
add_trend(as.Date("2016-02-20"), as.Date("2016-03-10"), "week", c(1, 5, 2, 4), 0.95)

trend <- do.call(rbind, trend_rows)
write.csv(trend, file.path(out_dir, "trend_reference.csv"), row.names = FALSE, quote = FALSE)
cat(sprintf("trend_reference.csv: %d cases\n", nrow(trend)))

# count_change: period1 is the later period, period2 the base before it.
change <- list()
for (i in 1:60) {
    t2 <- c(365, 366, 365, 90, 31, 7, 1096)[1 + (i %% 7)]
    t1 <- c(365, 365, 366, 92, 30, 7, 1095, 14)[1 + (i %% 8)]
    x2 <- c(0, 1, 3, 10, 57, 3171, 4373, 25000)[1 + (i %% 8)]
    x1 <- rpois(1, max(x2, 1) * t1 / t2 * c(0.6, 1, 1.2, 1.38)[1 + (i %% 4)])
    if (i == 1) { x1 <- 4373; x2 <- 3171; t1 <- 365; t2 <- 365 }
    if (i == 2) { x1 <- 0; x2 <- 12 }
    if (i == 3) { x1 <- 9; x2 <- 0 }
    level <- c(0.95, 0.9, 0.998)[1 + (i %% 3)]
    pt <- poisson.test(c(x1, x2), c(t1, t2), conf.level = level)
    change[[i]] <- data.frame(case = i, offences1 = x1, days1 = t1, offences2 = x2, days2 = t2,
        level = num(level), ratio = num(pt$estimate[[1]]), lower = num(pt$conf.int[1]),
        upper = num(pt$conf.int[2]), p_value = num(pt$p.value))
}
change <- do.call(rbind, change)
write.csv(change, file.path(out_dir, "change_reference.csv"), row.names = FALSE, quote = FALSE)
cat(sprintf("change_reference.csv: %d cases\n", nrow(change)))
