# make_compare_reference.R: reference values for groomstats' comparison
# functions (compare_rate, compare_share, funnel_limits, overdispersion),
# from R itself.
#
# Run from the repository root (base R and the stats package only):
#
#     Rscript test/stats/make_compare_reference.R
#
# It writes CSV files beside this script, which the pg_regress test
# sql/compare.sql loads; CI reads the committed files and needs no R.
#
#   compare_rate_reference.csv     R's poisson.test(x, 1, r = expected) and the tail rule
#   compare_share_reference.csv    R's binom.test(k, n, p0) and the tail rule
#   funnel_input.csv               the areas of each funnel data set
#   funnel_reference.csv           PHEindicatormethods' calculate_funnel_limits method
#   overdispersion_reference.csv   Spiegelhalter (2005) / FunnelPlotR's estimators
#
# PHEindicatormethods and FunnelPlotR are not packaged in Debian, so their
# methods are written out below from their source (PHEindicatormethods
# R/Funnels.R calculate_funnel_limits and R/utils.R poisson_cis,
# poisson_funnel, sigma_adjustment; FunnelPlotR R/od_adjustment.R
# winsorisation, phi_func, tau_func), step by step, in base R.
#
# Every number is printed with 17 significant digits.

out_dir <- "test/stats"
if (!dir.exists(out_dir)) {
    stop("run this from the repository root: Rscript test/stats/make_compare_reference.R")
}

num <- function(v) {
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
    cat(sprintf("%s: %d rows\n", path, nrow(df)))
}

# ---- the tail rule and the control limits ------------------------------------
# significance: higher when P(X >= x) < alpha, lower when P(X <= x) < alpha,
# alpha = (1 - level) / 2.  Limits: the smallest count with P(X <= k) >= alpha
# and the largest with P(X >= k) >= alpha, found here by scanning a window
# around the quantiles (an independent route from groomstats' stepping).
label_of <- function(at_least, at_most, alpha) {
    if (at_least < alpha) "higher" else if (at_most < alpha) "lower" else "similar"
}

count_limits <- function(at_most, at_least, q_lo, q_hi, lowest_possible, highest_possible) {
    lo_window <- seq(max(lowest_possible, q_lo - 5), min(highest_possible, q_lo + 5))
    hi_window <- seq(max(lowest_possible, q_hi - 5), min(highest_possible, q_hi + 5))
    lowest <- min(lo_window[at_most(lo_window)])
    highest <- max(hi_window[at_least(hi_window)])
    c(lowest, highest)
}

rate_case <- function(x, pop, x0, pop0, level, per) {
    alpha <- (1 - level) / 2
    expected <- x0 / pop0 * pop
    p <- poisson.test(x, 1, r = expected)$p.value
    lim <- count_limits(
        function(k) ppois(k, expected) >= alpha,
        function(k) ppois(k - 1, expected, lower.tail = FALSE) >= alpha,
        qpois(alpha, expected), qpois(alpha, expected, lower.tail = FALSE), 0, Inf)
    data.frame(offences = x, population = pop, benchmark_offences = x0,
               benchmark_population = pop0, level = level, per = per,
               rate = x / pop * per, benchmark_rate = x0 / pop0 * per, expected = expected,
               lower = lim[1] / pop * per, upper = lim[2] / pop * per, p_value = min(p, 1),
               significance = label_of(ppois(x - 1, expected, lower.tail = FALSE),
                                       ppois(x, expected), alpha))
}

share_case <- function(k, n, k0, n0, level) {
    alpha <- (1 - level) / 2
    p0 <- k0 / n0
    p <- binom.test(k, n, p0)$p.value
    lim <- count_limits(
        function(j) pbinom(j, n, p0) >= alpha,
        function(j) pbinom(j - 1, n, p0, lower.tail = FALSE) >= alpha,
        qbinom(alpha, n, p0), qbinom(alpha, n, p0, lower.tail = FALSE), 0, n)
    data.frame(offences = k, recorded = n, benchmark_offences = k0, benchmark_recorded = n0,
               level = level, share = k / n, benchmark_share = p0,
               lower = lim[1] / n, upper = lim[2] / n, p_value = min(p, 1),
               significance = label_of(pbinom(k - 1, n, p0, lower.tail = FALSE),
                                       pbinom(k, n, p0), alpha))
}

# ---- the sample: 2017/18 offences per force, and children 0-17 --------------
# Counts from test/data/sample_offences.sql (recorded 2017-04-03 to
# 2018-03-31); populations from test/data/force_populations.sql (approximate
# and synthetic, see test/data/README.md).
read_copy_block <- function(path) {
    lines <- readLines(path)
    first <- grep("^COPY force_populations", lines) + 1
    last <- which(lines == "\\.") - 1
    read.delim(text = lines[first:last], header = FALSE, quote = "",
               col.names = c("force", "population", "children", "children_share"))
}
pops <- read_copy_block("test/data/force_populations.sql")
force_counts <- c(
    "Avon and Somerset" = 68, "Bedfordshire" = 43, "Cambridgeshire" = 66, "Cheshire" = 59,
    "City of London" = 5, "Cleveland" = 24, "Cumbria" = 26, "Derbyshire" = 62,
    "Devon and Cornwall" = 84, "Dorset" = 41, "Durham" = 30, "Dyfed-Powys" = 21, "Essex" = 104,
    "Gloucestershire" = 37, "Greater Manchester" = 160, "Gwent" = 26, "Hampshire" = 117,
    "Hertfordshire" = 80, "Humberside" = 64, "Kent" = 103, "Lancashire" = 101,
    "Leicestershire" = 45, "Lincolnshire" = 34, "Merseyside" = 88, "Metropolitan Police" = 476,
    "Norfolk" = 55, "North Wales" = 34, "North Yorkshire" = 42, "Northamptonshire" = 28,
    "Northumbria" = 68, "Nottinghamshire" = 64, "South Wales" = 59, "South Yorkshire" = 81,
    "Staffordshire" = 61, "Suffolk" = 41, "Surrey" = 60, "Sussex" = 74, "Thames Valley" = 156,
    "Warwickshire" = 29, "West Mercia" = 66, "West Midlands" = 145, "West Yorkshire" = 99,
    "Wiltshire" = 45)
stopifnot(setequal(names(force_counts), pops$force), sum(force_counts) == 3171)
pops$offences <- unname(force_counts[pops$force])

# ---- compare_rate -------------------------------------------------------------
rows <- list()
add <- function(df) rows[[length(rows) + 1]] <<- df
ew_x <- sum(pops$offences)
ew_children <- sum(pops$children)
for (level in c(0.95, 0.998)) {
    # every force against England and Wales, per 100,000 children
    for (i in seq_len(nrow(pops))) {
        add(rate_case(pops$offences[i], pops$children[i], ew_x, ew_children, level, 1e5))
    }
    # x = 0, small and large counts; tiny to huge populations
    for (x in c(0, 1, 2, 3, 5, 9, 10, 20, 47, 100, 476, 3171)) {
        for (pop in c(1, 50, 960, 8000, 86000, 651000, 1983800, 12510400, 1e9, 1e10)) {
            add(rate_case(x, pop, ew_x, ew_children, level, 1e5))
        }
    }
    # benchmark equal to the area
    for (cs in list(c(3171, 12510400), c(10, 8000), c(1, 1), c(476, 1983800), c(7, 0.5))) {
        add(rate_case(cs[1], cs[2], cs[1], cs[2], level, 1e5))
    }
    # other benchmarks and multipliers
    add(rate_case(12, 1000, 5, 1000, level, 1000))
    add(rate_case(0, 250, 1, 1e6, level, 1000))
    add(rate_case(250000, 1e9, 3171, 12510400, level, 1e5))
    add(rate_case(3, 7.5, 40, 100, level, 100))
}
rate_ref <- do.call(rbind, rows)
write_reference(rate_ref, "compare_rate_reference.csv")

# ---- compare_share --------------------------------------------------------------
rows <- list()
for (level in c(0.95, 0.998)) {
    for (cs in list(
        c(27, 40, 1468, 2097), c(0, 40, 1468, 2097), c(40, 40, 1468, 2097), c(1, 1, 1468, 2097),
        c(0, 1, 1468, 2097), c(5, 20, 1468, 2097), c(15, 20, 1468, 2097), c(700, 1000, 1468, 2097),
        c(600, 1000, 1468, 2097), c(1468, 2097, 1468, 2097), c(3, 3, 3, 3), c(0, 7, 0, 10),
        c(2, 7, 0, 10), c(7, 7, 10, 10), c(6, 7, 10, 10), c(50000, 123456, 40000, 100000),
        c(1, 100, 30, 100), c(99, 100, 30, 100), c(13, 17, 1, 2))) {
        rows[[length(rows) + 1]] <- share_case(cs[1], cs[2], cs[3], cs[4], level)
    }
}
write_reference(do.call(rbind, rows), "compare_share_reference.csv")

# ---- funnel data sets -------------------------------------------------------------
set.seed(20170403)
datasets <- list()
add_set <- function(name, statistic, multiplier, years, area, numerator, denominator) {
    datasets[[name]] <<- list(statistic = statistic, multiplier = multiplier, years = years,
                              data = data.frame(dataset = name, area = area,
                                                numerator = numerator,
                                                denominator = denominator))
}
add_set("forces_children", "rate", 1e5, 1, pops$force, pops$offences, pops$children)
add_set("forces_residents", "rate", 1e5, 1, pops$force, pops$offences, pops$population)
narrow <- round(runif(12, 40000, 75000))
add_set("narrow_3_years", "rate", 1e5, 3, sprintf("N%02d", 1:12),
        rpois(12, narrow * 3 * 25e-5), narrow * 3)
tiny <- c(1, 2, 3, 5, 8, 13, 20)
add_set("tiny", "rate", 1000, 1, sprintf("T%02d", seq_along(tiny)), c(0, 1, 0, 2, 1, 3, 5), tiny)
huge <- c(1e6, 5e6, 2e7, 8e7, 3e8, 1e9)
add_set("huge", "rate", 1e5, 1, sprintf("H%02d", seq_along(huge)), rpois(6, huge * 1e-5), huge)
prop_n <- round(exp(runif(20, log(50), log(3000))))
add_set("shares", "proportion", 100, 1, sprintf("P%02d", 1:20), rbinom(20, prop_n, 0.7), prop_n)
prop_wide <- round(runif(15, 30000, 50000))
add_set("shares_narrow", "proportion", 1, 1, sprintf("Q%02d", 1:15),
        rbinom(15, prop_wide, 0.3), prop_wide)
write_reference(do.call(rbind, lapply(datasets, function(d) d$data)), "funnel_input.csv")

# ---- PHEindicatormethods' calculate_funnel_limits, written out ------------------
# (R/Funnels.R and R/utils.R; statistic "rate" with rate_type "crude" and the
# denominator given, and statistic "proportion".)
signif_floor <- function(x, percentage_down = 0.95) {
    n <- nchar(floor(x * percentage_down)) - 1
    y <- floor(x * percentage_down / 10^n) * 10^n
    y[x == 0] <- 0
    y
}
signif_ceiling <- function(x, percentage_up = 1.05) {
    n <- nchar(ceiling(x * percentage_up)) - 2
    y <- ceiling(x * percentage_up / 10^n) * 10^n
    y[x == 0] <- 0
    y
}
poisson_cis <- function(z, x_a, x_b) {
    q <- 1
    tot <- 0
    s <- 0
    k <- 0
    while (any(k <= z, q > tot * 1e-10)) {
        tot <- tot + q
        if (k >= x_a & k <= x_b) s <- s + q
        if (tot > 1e30) {
            s <- s / 1e30
            tot <- tot / 1e30
            q <- q / 1e30
        }
        k <- k + 1
        q <- q * z / k
    }
    s / tot
}
poisson_funnel <- function(obs, p, side) {
    v <- 0.5
    dv <- 0.5
    if (side == "low") {
        while (dv > 1e-7) {
            dv <- dv / 2
            if (poisson_cis((1 + obs) * v / (1 - v), obs, 10000000000) > p) v <- v - dv
            else v <- v + dv
        }
    } else {
        while (dv > 1e-7) {
            dv <- dv / 2
            if (poisson_cis((1 + obs) * v / (1 - v), 0, obs) < p) v <- v - dv
            else v <- v + dv
        }
    }
    (1 + obs) * v / (1 - v)
}
sigma_adjustment <- function(p, population, average_proportion, side, multiplier) {
    first_part <- average_proportion * (population / qnorm(p)^2 + 1)
    adj <- sqrt((-8 * average_proportion * (population / qnorm(p)^2 + 1))^2 - 64 *
                (1 / qnorm(p)^2 + 1 / population) * average_proportion *
                (population * (average_proportion * (population / qnorm(p)^2 + 2) - 1) +
                 qnorm(p)^2 * (average_proportion - 1)))
    last_part <- (1 / qnorm(p)^2 + 1 / population)
    adj_return <- if (side == "low") (first_part - adj / 8) / last_part
                  else (first_part + adj / 8) / last_part
    (adj_return / population) * multiplier
}
phe_funnel <- function(numerator, denominator, statistic, multiplier, years_of_data) {
    if (statistic == "rate") {
        rate <- numerator / denominator * multiplier
        derived <- ifelse(numerator == 0, denominator, multiplier * numerator / rate)
    } else {
        derived <- denominator
    }
    av <- sum(numerator) / sum(derived, na.rm = TRUE)
    min_den <- min(derived)
    max_den <- max(derived)
    if (max_den > 2 * min_den) {
        axis_minimum <- 0
    } else if (statistic == "rate") {
        axis_minimum <- signif_floor(min_den / years_of_data) * years_of_data
    } else {
        axis_minimum <- signif_floor(min_den)
    }
    if (statistic == "rate") {
        axis_maximum <- signif_ceiling(max_den / years_of_data) * years_of_data
        axis_minimum <- floor(axis_minimum * av)
        axis_maximum <- ceiling(axis_maximum * av)
    } else {
        axis_maximum <- signif_ceiling(max_den)
    }
    first_col <- max(1, axis_minimum)
    for (j in 2:100) {
        first_col[j] <- max(round((axis_maximum / first_col[j - 1])^(1 / (101 - j)) *
                                  first_col[j - 1]), first_col[j - 1] + 1)
    }
    lines <- list(c(0.95, "lower", 0.025, 0.975), c(0.95, "upper", 0.025, 0.975),
                  c(0.998, "lower", 0.001, 0.999), c(0.998, "upper", 0.001, 0.999))
    out <- list()
    for (ln in lines) {
        level <- as.numeric(ln[1])
        side <- ln[2]
        if (statistic == "rate") {
            # a lower limit from the "high" side of poisson_funnel, an upper from "low"
            pop_1_year <- sapply(first_col, function(e) {
                poisson_funnel(e, as.numeric(ln[3]), if (side == "lower") "high" else "low") / av
            })
            value <- first_col / pop_1_year * multiplier
            out[[length(out) + 1]] <- data.frame(
                point = seq_along(first_col), events = first_col,
                denominator = pop_1_year / years_of_data, level = level, side = side,
                value = value, baseline = av * multiplier)
        } else {
            p <- as.numeric(ln[4])
            value <- sapply(first_col, function(n) {
                if (side == "lower") max(0, sigma_adjustment(p, n, av, "low", multiplier))
                else min(100, sigma_adjustment(p, n, av, "high", multiplier))
            })
            out[[length(out) + 1]] <- data.frame(
                point = seq_along(first_col), events = NA_real_, denominator = first_col,
                level = level, side = side, value = value, baseline = av * multiplier)
        }
    }
    do.call(rbind, out)
}
rows <- list()
for (name in names(datasets)) {
    d <- datasets[[name]]
    f <- phe_funnel(d$data$numerator, d$data$denominator, d$statistic, d$multiplier, d$years)
    rows[[length(rows) + 1]] <- cbind(data.frame(dataset = name, statistic = d$statistic,
                                                 multiplier = d$multiplier,
                                                 years_of_data = d$years), f)
}
write_reference(do.call(rbind, rows), "funnel_reference.csv")

# ---- overdispersion (Spiegelhalter 2005; FunnelPlotR's estimators) ---------------
# z = (y - theta) / s on the untransformed scale; winsorised at type 7
# quantiles; phi = (1/I) sum zw^2; tau2 (DerSimonian-Laird) as tau_func.
overdispersion <- function(area, numerator, denominator, statistic, benchmark, level,
                           multiplier, winsorise) {
    theta <- if (is.na(benchmark)) sum(numerator) / sum(denominator) else benchmark / multiplier
    y <- numerator / denominator
    s <- if (statistic == "rate") sqrt(theta / denominator)
         else sqrt(theta * (1 - theta) / denominator)
    z <- (y - theta) / s
    lz <- quantile(z, winsorise, names = FALSE)
    uz <- quantile(z, 1 - winsorise, names = FALSE)
    zw <- ifelse(z < lz, lz, ifelse(z > uz, uz, z))
    n <- length(z)
    phi <- (1 / n) * sum(zw^2)
    tau2 <- if ((n * phi) < (n - 1)) 0 else
        max(0, ((n * phi) - (n - 1)) / (sum(1 / (s^2)) - (sum((1 / (s^2))^2) / sum(1 / (s^2)))))
    q <- qnorm((1 + level) / 2)
    ceiling <- if (statistic == "rate") Inf else 1
    phi_used <- max(phi, 1)
    s_add <- sqrt(s * s + tau2)
    z_mult <- z / sqrt(phi_used)
    z_add <- (y - theta) / s_add
    lab <- function(v) ifelse(v > q, "higher", ifelse(v < -q, "lower", "similar"))
    data.frame(area = area, value = y * multiplier, z = z, z_multiplicative = z_mult,
               lower_multiplicative = pmax(0, theta - q * sqrt(phi_used) * s) * multiplier,
               upper_multiplicative = pmin(ceiling, theta + q * sqrt(phi_used) * s) * multiplier,
               significance_multiplicative = lab(z_mult), z_additive = z_add,
               lower_additive = pmax(0, theta - q * s_add) * multiplier,
               upper_additive = pmin(ceiling, theta + q * s_add) * multiplier,
               significance_additive = lab(z_add), phi = phi,
               tau2 = tau2 * multiplier * multiplier)
}
od_cases <- list(
    list("forces_children", NA, 0.95, 1e5, 0.1), list("forces_children", NA, 0.998, 1e5, 0.1),
    list("forces_children", 30, 0.95, 1e5, 0.1), list("forces_children", NA, 0.95, 1e5, 0),
    list("forces_residents", NA, 0.95, 1e5, 0.2), list("narrow_3_years", NA, 0.95, 1e5, 0.1),
    list("shares", NA, 0.95, 100, 0.1), list("shares", 65, 0.998, 100, 0.1),
    list("shares_narrow", NA, 0.95, 1, 0.1), list("tiny", NA, 0.95, 1000, 0.1))
rows <- list()
for (cs in od_cases) {
    d <- datasets[[cs[[1]]]]
    r <- overdispersion(d$data$area, d$data$numerator, d$data$denominator, d$statistic,
                        cs[[2]], cs[[3]], cs[[4]], cs[[5]])
    rows[[length(rows) + 1]] <- cbind(data.frame(dataset = cs[[1]], statistic = d$statistic,
                                                 benchmark = cs[[2]], level = cs[[3]],
                                                 multiplier = cs[[4]], winsorise = cs[[5]]), r)
}
write_reference(do.call(rbind, rows), "overdispersion_reference.csv")
