# make_reference.R: reference values for groomstats' statistics, from R itself.
#
# Run from the repository root (base R and the stats package only):
#
#     Rscript test/stats/make_reference.R
#
# It writes three CSV files beside this script, which the pg_regress test
# sql/statistics.sql loads; CI reads the committed files and needs no R.
#
#   rate_reference.csv    per_day_rate_ci and rate_per_population
#   ratio_reference.csv   rate_ratio (R's two-sample poisson.test)
#   wilson_reference.csv  Wilson intervals of platform_shares and age_bands
#                         (R's prop.test(correct = FALSE))
#
# Every number is printed with 17 significant digits, so it reads back as the
# same double R computed.

out_dir <- "test/stats"
if (!dir.exists(out_dir)) {
    stop("run this from the repository root: Rscript test/stats/make_reference.R")
}

num <- function(v) {
    # 17 significant digits; the spellings PostgreSQL's float8 input accepts.
    ifelse(is.na(v) & !is.nan(v), "",
        ifelse(is.nan(v), "NaN",
            ifelse(is.infinite(v), ifelse(v > 0, "Infinity", "-Infinity"),
                sprintf("%.17g", v))))
}

write_reference <- function(df, name) {
    for (col in names(df)) {
        if (is.double(df[[col]])) {
            df[[col]] <- num(df[[col]])
        }
    }
    path <- file.path(out_dir, name)
    write.csv(df, path, row.names = FALSE, quote = FALSE, na = "")
    cat(sprintf("%s: %d cases\n", path, nrow(df)))
}

# Byar's approximation exactly as PHEindicatormethods writes it
# (R/Byars.R, functions byars_lower and byars_upper, as used by phe_rate):
#   z     <- qnorm(confidence + (1 - confidence) / 2)
#   lower <- x * (1 - 1/(9*x) - z/(3*sqrt(x)))^3
#   upper <- (x+1) * (1 - 1/(9*(x+1)) + z/(3*sqrt(x+1)))^3
# PHEindicatormethods is not packaged in Debian, so the formulas are written
# out here.  At x = 0 the lower formula is 0 * -Inf (NaN); groomstats defines
# the lower limit as 0 there, as the exact method gives; and where the cube
# goes negative (x = 1 at 99.8%), groomstats clamps the lower limit at 0, as
# no count can be negative (phe_rate never meets this: exact below 10).
byars_lower <- function(x, confidence) {
    z <- qnorm(confidence + (1 - confidence) / 2)
    if (x == 0) 0 else max(0, x * (1 - 1 / (9 * x) - z / (3 * sqrt(x)))^3)
}
byars_upper <- function(x, confidence) {
    z <- qnorm(confidence + (1 - confidence) / 2)
    (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * sqrt(x + 1)))^3
}

# PHE's exact limits as phe_rate writes them (qchisq on 2x and 2x + 2).
phe_exact_lower <- function(x, confidence) qchisq((1 - confidence) / 2, 2 * x) / 2
phe_exact_upper <- function(x, confidence) {
    qchisq(confidence + (1 - confidence) / 2, 2 * x + 2) / 2
}

# Interval for a count x over a denominator n, times a multiplier, by method:
# exact from poisson.test itself; byar and phe as phe_rate computes them.
rate_interval <- function(x, n, mult, level, method) {
    if (method == "exact") {
        # The interval and estimate do not depend on the null rate r; r = 1/n
        # only keeps poisson.test's p-value (unused here) from scanning
        # ~2n Poisson probabilities when n is a population of millions.
        test <- poisson.test(x, n, r = 1 / n, conf.level = level)
        ci <- test$conf.int * mult
        rate <- test$estimate * mult
    } else if (method == "byar" || (method == "phe" && x >= 10)) {
        ci <- c(byars_lower(x, level) / n * mult, byars_upper(x, level) / n * mult)
        rate <- x / n * mult
    } else {
        ci <- c(phe_exact_lower(x, level) / n * mult, phe_exact_upper(x, level) / n * mult)
        rate <- x / n * mult
    }
    c(unname(rate), ci[1], ci[2])
}

# ---- rates ----------------------------------------------------------------
counts <- c(0, 1, 2, 3, 5, 9, 10, 11, 12, 20, 47, 99, 100, 365, 1000, 3171, 4373, 25000,
            123456)
periods <- c(1, 7, 31, 90, 363, 365, 366, 730, 1096)
levels <- c(0.9, 0.95, 0.998)
methods <- c("exact", "byar", "phe")

rows <- list()
for (x in counts) {
    for (d in periods) {
        for (level in levels) {
            for (method in methods) {
                v <- rate_interval(x, d, 1, level, method)
                rows[[length(rows) + 1]] <- data.frame(
                    kind = "day", offences = x, days = d, population = NA, per = NA,
                    level = level, method = method, rate = v[1], lower = v[2], upper = v[3])
            }
        }
    }
}

# Rates per population: offences over a period, per `per` people.
pop_counts <- c(0, 1, 4, 9, 10, 11, 57, 3171, 4373, 25000)
populations <- c(1, 850, 86000, 651000, 56286961)
pers <- c(1000, 100000)
for (x in pop_counts) {
    for (pop in populations) {
        for (per in pers) {
            for (level in levels) {
                for (method in methods) {
                    v <- rate_interval(x, pop, per, level, method)
                    rows[[length(rows) + 1]] <- data.frame(
                        kind = "population", offences = x, days = 365, population = pop,
                        per = per, level = level, method = method, rate = v[1], lower = v[2],
                        upper = v[3])
                }
            }
        }
    }
}
rates <- do.call(rbind, rows)
rates$offences <- as.integer(rates$offences)
rates$days <- as.integer(rates$days)
rates$population <- as.integer(rates$population)
rates$per <- as.integer(rates$per)
write_reference(rates, "rate_reference.csv")

# ---- rate ratios ----------------------------------------------------------
ratio_cases <- rbind(
    # x1 = 0 and x2 = 0 (one of them only: R gives NaN when both are 0)
    c(0, 363, 1, 365), c(0, 365, 5, 365), c(0, 30, 100, 365), c(0, 1, 3171, 1096),
    c(1, 365, 0, 363), c(7, 365, 0, 365), c(250, 366, 0, 31), c(4373, 1096, 0, 1),
    # equal counts, equal rates over unequal periods
    c(1, 365, 1, 365), c(10, 365, 10, 365), c(3171, 363, 3171, 363), c(20, 365, 40, 730),
    c(31, 31, 365, 365), c(363, 363, 365, 365), c(100, 7, 1300, 91), c(9, 90, 18, 180),
    # small counts
    c(1, 1, 1, 2), c(1, 365, 2, 365), c(2, 365, 1, 365), c(3, 30, 9, 31), c(9, 365, 11, 365),
    c(10, 90, 2, 90), c(5, 1, 1, 1), c(1, 7, 12, 7), c(2, 1096, 25, 366),
    # the published figures: 2018 against 2019 and against earlier years
    c(3171, 363, 4373, 365), c(4373, 365, 3171, 363), c(3171, 363, 3171, 365),
    c(4373, 365, 5161, 366), c(1944, 182, 2429, 183), c(5161, 366, 6585, 365),
    # big counts
    c(25000, 365, 25210, 365), c(25000, 1096, 30000, 1096), c(123456, 730, 123000, 731),
    c(250000, 365, 251000, 366), c(1000000, 1096, 1001500, 1096), c(1000000, 365, 999000, 365),
    c(2000000, 1096, 1000000, 365), c(3000, 365, 300000, 365), c(300000, 365, 3000, 365)
)
# and a spread of ordinary ones (fixed, so the file is reproducible)
set.seed(20180401)
for (k in 1:30) {
    t1 <- sample(c(1, 7, 30, 31, 90, 182, 363, 365, 366, 730, 1096), 1)
    t2 <- sample(c(1, 7, 30, 31, 90, 182, 363, 365, 366, 730, 1096), 1)
    rate <- 10^runif(1, -1, 2)
    x1 <- rpois(1, rate * t1)
    x2 <- rpois(1, rate * t2 * exp(rnorm(1, 0, 0.3)))
    if (x1 + x2 == 0) x2 <- 1
    ratio_cases <- rbind(ratio_cases, c(x1, t1, x2, t2))
}
ratio_levels <- c(0.95, 0.9, 0.998, 0.95, 0.99)
rows <- list()
for (i in seq_len(nrow(ratio_cases))) {
    cs <- ratio_cases[i, ]
    level <- ratio_levels[(i - 1) %% length(ratio_levels) + 1]
    for (lv in unique(c(level, 0.95))) {
        r <- poisson.test(c(cs[1], cs[3]), c(cs[2], cs[4]), conf.level = lv)
        rows[[length(rows) + 1]] <- data.frame(
            offences1 = as.integer(cs[1]), days1 = as.integer(cs[2]),
            offences2 = as.integer(cs[3]), days2 = as.integer(cs[4]), level = lv,
            ratio = unname(r$estimate), lower = r$conf.int[1], upper = r$conf.int[2],
            p_value = r$p.value)
    }
}
write_reference(do.call(rbind, rows), "ratio_reference.csv")

# ---- Wilson ---------------------------------------------------------------
wilson_cases <- rbind(
    c(0, 1), c(1, 1), c(0, 2), c(1, 2), c(2, 2), c(0, 10), c(10, 10), c(1, 10), c(5, 10),
    c(9, 10), c(0, 100), c(100, 100), c(1, 100), c(50, 100), c(99, 100), c(3, 7),
    c(1311, 3171), c(1860, 3171), c(3171, 3171), c(0, 3171), c(718, 4373), c(4373, 4373),
    c(1, 25000), c(24999, 25000), c(12500, 25000), c(0, 123456), c(40000, 123456),
    c(17, 19), c(2, 3), c(251, 1024)
)
wilson_levels <- c(0.95, 0.998, 0.9, 0.99, 0.8)
rows <- list()
for (i in seq_len(nrow(wilson_cases))) {
    x <- wilson_cases[i, 1]
    n <- wilson_cases[i, 2]
    for (lv in unique(c(0.95, 0.998, wilson_levels[(i - 1) %% length(wilson_levels) + 1]))) {
        ci <- suppressWarnings(prop.test(x, n, correct = FALSE, conf.level = lv)$conf.int)
        rows[[length(rows) + 1]] <- data.frame(
            offences = as.integer(x), recorded = as.integer(n), level = lv, share = x / n,
            lower = ci[1], upper = ci[2])
    }
}
write_reference(do.call(rbind, rows), "wilson_reference.csv")
